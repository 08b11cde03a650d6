using System.Text;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

[Collection(S3StoreCollection.Name)]
public sealed class S3ListTests(S3StoreFixture store)
{
    [Fact]
    public async Task List_returns_keys_in_byte_order_filtered_by_prefix_and_start_after()
    {
        var bucket = await store.CreateBucketAsync();
        string[] keys = ["b/2", "a", "b/1", "b/10", "c", "b/\u00e9", "b/Z"];
        foreach (var key in keys) await store.PutAsync(bucket, key, Encoding.UTF8.GetBytes("data of " + key));
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        var all = await objects.ListAsync("", null, CancellationToken.None).ToListAsync();
        Assert.Equal(keys.Order(KeyOrder.Instance), all.Select(o => o.Key));
        var c = all.Single(o => o.Key == "c");
        Assert.Equal(Encoding.UTF8.GetByteCount("data of c"), c.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("data of c"))), c.ETag);
        Assert.True(DateTimeOffset.UtcNow - c.LastModified < TimeSpan.FromMinutes(5));

        var underB = await objects.ListAsync("b/", null, CancellationToken.None).Select(o => o.Key).ToListAsync();
        Assert.Equal(["b/1", "b/10", "b/2", "b/Z", "b/\u00e9"], underB);

        var afterB1 = await objects.ListAsync("b/", "b/10", CancellationToken.None).Select(o => o.Key).ToListAsync();
        Assert.Equal(["b/2", "b/Z", "b/\u00e9"], afterB1);

        Assert.Empty(await objects.ListAsync("nothing/", null, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task List_pages_through_2500_keys_with_start_after_across_a_page_boundary()
    {
        var bucket = await store.CreateBucketAsync();
        var keys = Enumerable.Range(0, 2500).Select(i => $"k/{i:D5}").ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, _) => await store.PutAsync(bucket, key, [1]));
        await using var objects = store.Provider.Open(store.Endpoint(bucket));

        var listed = await objects.ListAsync("k/", null, CancellationToken.None).Select(o => o.Key).ToListAsync();
        Assert.Equal(keys, listed);

        // A start key in the middle of the second page continues across the page boundary.
        var tail = await objects.ListAsync("k/", "k/01499", CancellationToken.None).Select(o => o.Key).ToListAsync();
        Assert.Equal(keys[1500..], tail);
    }

    [Fact]
    public async Task ListBuckets_includes_a_created_bucket()
    {
        var bucket = await store.CreateBucketAsync();
        var names = await store.Provider.ListBucketsAsync(store.Endpoint(bucket), CancellationToken.None);
        Assert.Contains(bucket, names);
    }
}
