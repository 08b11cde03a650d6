namespace Transporter.Store.Tests.Engine;

public class ListingTests
{
    [Fact]
    public async Task Keys_list_in_utf8_byte_order()
    {
        await using var store = await TempEngine.StartAsync();
        // UTF-16 ordinal order would put U+FFFD after the emoji (a surrogate pair); UTF-8 byte order puts it before.
        string[] keys = ["b", "a", "B", "a/b", "a-", "\U0001F600", "\uFFFD", "é", "a0", "~"];
        foreach (var key in keys) await store.PutAsync(key, key);

        var listed = store.List().Objects.Select(o => o.Key).ToList();

        var expected = keys.OrderBy(k => System.Text.Encoding.UTF8.GetBytes(k), ByteOrder.Instance).ToList();
        Assert.Equal(expected, listed);
        Assert.Equal(["B", "a", "a-", "a/b", "a0", "b", "~", "é", "\uFFFD", "\U0001F600"], listed);
    }

    [Fact]
    public async Task Delimiter_rolls_keys_up_into_common_prefixes_and_seeks_past_them()
    {
        await using var store = await TempEngine.StartAsync();
        foreach (var key in new[] { "top.txt", "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/cover.jpg", "videos/x.mp4", "zeta" })
            await store.PutAsync(key, "x");
        for (var i = 0; i < 3000; i++) await store.PutAsync($"many/{i:D5}", "x");

        var before = store.Engine.ListingRowsRead;
        var root = store.List(delimiter: "/");
        var rowsRead = store.Engine.ListingRowsRead - before;

        Assert.Equal(["top.txt", "zeta"], root.Objects.Select(o => o.Key));
        Assert.Equal(["many/", "photos/", "videos/"], root.CommonPrefixes);
        Assert.False(root.IsTruncated);
        // One row per entry (and one per seek), never the 3,000 keys under many/.
        Assert.True(rowsRead < 20, $"read {rowsRead} rows");

        var photos = store.List(prefix: "photos/", delimiter: "/");
        Assert.Equal(["photos/cover.jpg"], photos.Objects.Select(o => o.Key));
        Assert.Equal(["photos/2024/"], photos.CommonPrefixes);

        var partial = store.List(prefix: "pho", delimiter: "/");
        Assert.Equal(["photos/"], partial.CommonPrefixes);
        Assert.Empty(partial.Objects);
    }

    [Fact]
    public async Task Pages_continue_after_the_last_entry_returned_even_while_keys_are_added()
    {
        await using var store = await TempEngine.StartAsync();
        for (var i = 0; i < 25; i += 2) await store.PutAsync($"k{i:D3}", "x"); // k000, k002, ... k024

        var first = store.List(maxKeys: 5);
        Assert.True(first.IsTruncated);
        Assert.Equal("k008", first.LastReturned);

        // Keys added before and after the cursor: those before never appear, those after do, nothing repeats.
        await store.PutAsync("k001", "x");
        await store.PutAsync("k009", "x");

        var seen = first.Objects.Select(o => o.Key).ToList();
        var page = first;
        while (page.IsTruncated)
        {
            page = store.List(after: page.LastReturned, maxKeys: 5);
            seen.AddRange(page.Objects.Select(o => o.Key));
        }
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.DoesNotContain("k001", seen);
        Assert.Contains("k009", seen);
        Assert.Equal(seen.OrderBy(k => k, StringComparer.Ordinal), seen);
        Assert.Equal(14, seen.Count);
    }

    [Fact]
    public async Task Delimiter_pages_do_not_repeat_a_common_prefix_and_a_marker_inside_one_skips_it()
    {
        await using var store = await TempEngine.StartAsync();
        foreach (var key in new[] { "a/1", "a/2", "b/1", "c", "d/1", "d/2", "e" }) await store.PutAsync(key, "x");

        var entries = new List<string>();
        string? after = null;
        while (true)
        {
            var page = store.List(delimiter: "/", after: after, maxKeys: 2);
            entries.AddRange(page.Objects.Select(o => o.Key).Concat(page.CommonPrefixes).Order(StringComparer.Ordinal));
            if (!page.IsTruncated) break;
            after = page.LastReturned;
        }
        Assert.Equal(["a/", "b/", "c", "d/", "e"], entries);

        var fromInside = store.List(delimiter: "/", after: "a/1");
        Assert.Equal(["b/", "d/"], fromInside.CommonPrefixes);
        Assert.Equal(["c", "e"], fromInside.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Max_keys_zero_returns_nothing_and_prefixes_bound_the_range()
    {
        await using var store = await TempEngine.StartAsync();
        foreach (var key in new[] { "ab", "abc", "abd", "ac", "b" }) await store.PutAsync(key, "x");

        var none = store.List(maxKeys: 0);
        Assert.Empty(none.Objects);
        Assert.False(none.IsTruncated);

        Assert.Equal(["ab", "abc", "abd"], store.List(prefix: "ab").Objects.Select(o => o.Key));
        Assert.Equal(["abd"], store.List(prefix: "ab", after: "abc").Objects.Select(o => o.Key));
        Assert.Equal(["ab", "abc", "abd"], store.List(prefix: "ab", after: "a").Objects.Select(o => o.Key));
        Assert.Empty(store.List(prefix: "zz").Objects);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
