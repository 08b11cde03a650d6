using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Contract;

public abstract partial class ObjectStoreContractTests
{
    private static readonly string[] ListingKeys =
    [
        "b", "a", "A", "a/b", "a b", "a+b", "a-b", "a.b", "a_b", "dir/1", "dir/2", "dir/sub/3", "dir0", "z",
        "with space/and (parens).txt", "percent%20sign", "question?mark#hash", "amp&eq=sign",
    ];

    [Fact]
    public async Task List_returns_every_key_in_key_order_across_pages()
    {
        foreach (var key in ListingKeys) await PutAsync(key, [(byte)key.Length]);

        var listed = await ListAllAsync(Store);

        Assert.Equal(ListingKeys.Order(KeyOrder.Instance), listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(1, o.Size));
        Assert.All(listed, o => Assert.True(o.LastModified > DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task List_filters_by_prefix_and_resumes_after_a_key()
    {
        foreach (var key in ListingKeys) await PutAsync(key, [1, 2, 3]);

        Assert.Equal(["dir/1", "dir/2", "dir/sub/3"], (await ListAllAsync(Store, "dir/")).Select(o => o.Key));
        Assert.Equal(["dir/2", "dir/sub/3"], (await ListAllAsync(Store, "dir/", startAfter: "dir/1")).Select(o => o.Key));
        // startAfter need not exist, and may sort before the prefix.
        Assert.Equal(["dir/sub/3"], (await ListAllAsync(Store, "dir/", startAfter: "dir/2x")).Select(o => o.Key));
        Assert.Equal(["dir/1", "dir/2", "dir/sub/3"], (await ListAllAsync(Store, "dir/", startAfter: "a")).Select(o => o.Key));
        var afterA = await ListAllAsync(Store, "", startAfter: "a_b");
        Assert.Equal(ListingKeys.Where(k => KeyOrder.Instance.Compare(k, "a_b") > 0).Order(KeyOrder.Instance), afterA.Select(o => o.Key));
        Assert.Empty(await ListAllAsync(Store, "nothing-here/"));
    }

    [Fact]
    public async Task List_is_lazy_and_stops_when_the_caller_stops()
    {
        for (var i = 0; i < ListPageSize * 3; i++) await PutAsync($"lazy/{i:D2}", [1]);

        var taken = new List<string>();
        await foreach (var item in Store.ListAsync("lazy/", null, Ct))
        {
            taken.Add(item.Key);
            if (taken.Count == ListPageSize + 1) break;
        }

        Assert.Equal(Enumerable.Range(0, ListPageSize + 1).Select(i => $"lazy/{i:D2}"), taken);
    }

    [Fact]
    public async Task Listing_a_missing_bucket_throws_BucketNotFound()
    {
        var missing = Provider.Open(Endpoint with { Bucket = UniqueBucketName("missing") });

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAllAsync(missing));

        Assert.Equal(ObjectStoreErrorKind.BucketNotFound, error.Kind);
    }

    [Fact]
    public async Task Wrong_credentials_throw_InvalidCredentials()
    {
        var refused = Provider.Open(WithWrongCredentials(Endpoint));

        var listError = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAllAsync(refused));
        var writeError = await Assert.ThrowsAsync<ObjectStoreException>(() => PutAsync("refused", [1], store: refused));

        Assert.True(listError.Kind == ObjectStoreErrorKind.InvalidCredentials, listError.Details);
        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, writeError.Kind);
        Assert.Null(await Store.StatAsync("refused", Ct));
    }

    [Fact]
    public async Task ListBuckets_includes_the_bucket()
    {
        var buckets = await Provider.ListBucketsAsync(Endpoint, Ct);

        Assert.Contains(Endpoint.Bucket, buckets);
    }
}
