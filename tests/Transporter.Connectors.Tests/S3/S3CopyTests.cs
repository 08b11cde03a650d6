using Transporter.Connectors.Tests.Streams;
using System.Security.Cryptography;
using Transporter.Connectors.S3;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

[Collection(S3StoreCollection.Name)]
public sealed class S3CopyTests(S3StoreFixture store)
{
    private const int MiB = 1024 * 1024;
    private const ulong Seed = 11;

    [Fact]
    public async Task CopyFrom_copies_between_buckets_of_one_endpoint_replacing_metadata_and_tags()
    {
        var sourceBucket = await store.CreateBucketAsync();
        var targetBucket = await store.CreateBucketAsync();
        await using var source = store.Provider.Open(store.Endpoint(sourceBucket));
        await using var target = store.Provider.Open(store.Endpoint(targetBucket));
        var content = RandomNumberGenerator.GetBytes(200_000);
        await source.WriteAsync(new ObjectWriteRequest
        {
            Key = "src.bin",
            Size = content.Length,
            ContentType = "application/old",
            UserMetadata = new Dictionary<string, string> { ["stale"] = "yes" },
            Tags = new Dictionary<string, string> { ["old"] = "tag" },
        }, new MemoryStream(content), CancellationToken.None);
        var sourceObject = (await source.StatAsync("src.bin", CancellationToken.None))!;

        Assert.True(target.CanCopyFrom(source));
        var result = await target.CopyFromAsync(source, sourceObject, new ObjectWriteRequest
        {
            Key = "copied/dst.bin",
            Size = content.Length,
            ContentType = "application/new",
            CacheControl = "no-cache",
            UserMetadata = new Dictionary<string, string> { ["fresh"] = "1" },
            Tags = new Dictionary<string, string> { ["new"] = "tag" },
        }, CancellationToken.None);

        Assert.Equal(sourceObject.ETag, result.ETag);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(content)), result.ContentMd5);
        var copied = (await target.StatAsync("copied/dst.bin", CancellationToken.None))!;
        Assert.Equal("application/new", copied.ContentType);
        Assert.Equal("no-cache", copied.CacheControl);
        Assert.Equal(new Dictionary<string, string> { ["fresh"] = "1" }, copied.UserMetadata);
        Assert.Equal(new Dictionary<string, string> { ["new"] = "tag" }, await target.GetTagsAsync("copied/dst.bin", CancellationToken.None));
        Assert.Equal(content, await store.GetAsync(targetBucket, "copied/dst.bin"));
    }

    [Fact]
    public async Task CopyFrom_above_the_threshold_copies_in_parallel_parts()
    {
        var sourceBucket = await store.CreateBucketAsync();
        var targetBucket = await store.CreateBucketAsync();
        using var provider = new S3StoreProvider(options: new S3ProviderOptions { MultipartCopyThreshold = 5 * MiB, CopyPartSize = 5 * MiB });
        await using var source = provider.Open(store.Endpoint(sourceBucket));
        await using var target = provider.Open(store.Endpoint(targetBucket));
        const long size = 12L * MiB + 7;
        await source.WriteAsync(new ObjectWriteRequest { Key = "large", Size = size }, new PatternStream(size, Seed), CancellationToken.None);
        var sourceObject = (await source.StatAsync("large", CancellationToken.None))!;

        var result = await target.CopyFromAsync(source, sourceObject, new ObjectWriteRequest
        {
            Key = "large-copy",
            Size = size,
            ContentType = "application/x-large",
            UserMetadata = new Dictionary<string, string> { ["copied"] = "in-parts" },
        }, CancellationToken.None);

        Assert.EndsWith("-3", result.ETag);
        var copied = (await target.StatAsync("large-copy", CancellationToken.None))!;
        Assert.Equal(size, copied.Size);
        Assert.Equal("application/x-large", copied.ContentType);
        Assert.Equal("in-parts", copied.UserMetadata["copied"]);
        using var stored = await store.Admin.GetObjectAsync(targetBucket, "large-copy");
        Assert.Equal(MD5.HashData(new PatternStream(size, Seed)), await MD5.HashDataAsync(stored.ResponseStream));
    }

    [Fact]
    public async Task CanCopyFrom_needs_the_same_endpoint_and_credentials()
    {
        var bucket = await store.CreateBucketAsync();
        await using var target = store.Provider.Open(store.Endpoint(bucket));
        await using var otherSecret = store.Provider.Open(store.Endpoint(bucket, secretKey: "another-secret"));
        await using var otherType = store.Provider.Open(store.Endpoint(bucket, type: "lyve"));
        await using var otherHost = store.Provider.Open(store.Endpoint(bucket) with { Endpoint = store.ServiceUrl.Replace("127.0.0.1", "localhost") });

        Assert.False(target.CanCopyFrom(otherSecret));
        Assert.False(target.CanCopyFrom(otherType));
        Assert.False(target.CanCopyFrom(otherHost));
        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => target.CopyFromAsync(otherSecret,
            new ObjectMetadata { Key = "k", Size = 1, LastModified = DateTimeOffset.UtcNow }, new ObjectWriteRequest { Key = "k", Size = 1 },
            CancellationToken.None));
        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, error.Kind);
    }
}
