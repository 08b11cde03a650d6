using Transporter.Core.Storage;
using Transporter.Worker.Listing;

namespace Transporter.Worker.Tests.Listing;

public sealed class SyncMergeTests
{
    private static readonly DateTimeOffset Time = DateTimeOffset.UnixEpoch;

    private static async IAsyncEnumerable<ObjectSummary> Listing(params ObjectSummary[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async Task<string[]> MergeAsync(ObjectSummary[] source, ObjectSummary[] destination)
    {
        var keys = new List<string>();
        await foreach (var item in SyncMerge.MissingOrDifferentAsync(Listing(source), Listing(destination))) keys.Add(item.Key);
        return [.. keys];
    }

    private static ObjectSummary O(string key, long size = 10, string? etag = "0123456789abcdef0123456789abcdef") => new(key, size, Time, etag);

    [Fact]
    public async Task Pairs_walk_both_listings_once_in_key_order()
    {
        var pairs = new List<string>();
        await foreach (var (src, dst) in SyncMerge.PairsAsync(Listing(O("a"), O("b"), O("d"), O("é")), Listing(O("0"), O("b"), O("c"), O("z"), O("zz"))))
            pairs.Add($"{src?.Key ?? "-"}|{dst?.Key ?? "-"}");

        // Byte order: "é" (0xC3 0xA9) sorts after "zz".
        Assert.Equal(["-|0", "a|-", "b|b", "-|c", "d|-", "-|z", "-|zz", "é|-"], pairs);
    }

    [Fact]
    public async Task Keys_missing_at_the_destination_are_copied_and_extra_destination_keys_ignored()
    {
        Assert.Equal(["b", "d"], await MergeAsync([O("a"), O("b"), O("c"), O("d")], [O("0"), O("a"), O("bb"), O("c"), O("e")]));
    }

    [Fact]
    public async Task A_different_size_or_MD5_means_the_object_changed()
    {
        // ETags that are not plain MD5s (multipart, Azure) say nothing across providers: equal sizes count as the same.
        var source = new[] { O("azure", etag: "0x8D9"), O("md5", etag: "ffffffffffffffffffffffffffffffff"), O("multipart", etag: "abc-2"), O("same"), O("size", 11) };
        var destination = new[] { O("azure", etag: "0x8DA"), O("md5"), O("multipart", etag: "abd-2"), O("same"), O("size") };

        Assert.Equal(["md5", "size"], await MergeAsync(source, destination));
    }

    [Fact]
    public async Task Listings_are_merged_in_UTF8_byte_order()
    {
        // U+FF5E sorts before U+1F600 (a surrogate pair) in UTF-8, the other way round in UTF-16.
        var source = new[] { O("a\uFF5E"), O("a\U0001F600") };

        Assert.Equal(["a\U0001F600"], await MergeAsync(source, [O("a\uFF5E")]));
        Assert.Equal(["a\uFF5E"], await MergeAsync(source, [O("a\U0001F600")]));
    }

    [Fact]
    public async Task An_empty_destination_copies_everything()
    {
        Assert.Equal(["x", "y"], await MergeAsync([O("x"), O("y")], []));
    }
}
