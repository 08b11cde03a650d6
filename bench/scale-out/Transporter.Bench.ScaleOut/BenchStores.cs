using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Bench.ScaleOut;

/// <summary>The source cloud (a built-in store process, the platform with role store, filled once) and, per
/// measured migration, a fresh destination store process, so every run writes into an empty store.</summary>
public sealed class BenchStores : IAsyncDisposable
{
    private BenchStores(PlatformProcess source)
    {
        Source = source;
        SourceS3 = S3ClientFactory.For(source);
    }

    public PlatformProcess Source { get; }
    public AmazonS3Client SourceS3 { get; }

    public static async Task<BenchStores> StartAsync() =>
        new(await PlatformProcess.StartAsync(roles: "store", accessKey: "BENCHSOURCEKEY000001", secretKey: "bench-source-secret-key-000000000000001"));

    /// <summary>A new source bucket with <paramref name="count"/> objects of <paramref name="size"/> random bytes.</summary>
    public async Task<string> FillSourceAsync(int count, int size)
    {
        var bucket = $"bench-src-{Guid.NewGuid().ToString("N")[..8]}";
        await SourceS3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var content = new byte[size];
            Random.Shared.NextBytes(content);
            await SourceS3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = $"objects/{i:D6}",
                InputStream = new MemoryStream(content),
                UseChunkEncoding = false,
            }, ct);
        });
        return bucket;
    }

    /// <summary>A new, empty destination store process.</summary>
    public static Task<PlatformProcess> NewDestinationStoreAsync() =>
        PlatformProcess.StartAsync(roles: "store", accessKey: "BENCHDESTKEY00000001", secretKey: "bench-destination-secret-key-0000000001");

    public static async Task<string> NewBucketAsync(PlatformProcess store)
    {
        using var s3 = S3ClientFactory.For(store);
        var bucket = $"bench-dst-{Guid.NewGuid().ToString("N")[..8]}";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    public async ValueTask DisposeAsync()
    {
        SourceS3.Dispose();
        await Source.DisposeAsync();
    }
}
