using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.Bench.ScaleOut;

/// <summary>Two built-in store processes (the platform with role store), playing the source and destination clouds.</summary>
public sealed class BenchStores : IAsyncDisposable
{
    private BenchStores(PlatformProcess source, PlatformProcess destination)
    {
        Source = source;
        Destination = destination;
        SourceS3 = S3ClientFactory.For(source);
        DestinationS3 = S3ClientFactory.For(destination);
    }

    public PlatformProcess Source { get; }
    public PlatformProcess Destination { get; }
    public AmazonS3Client SourceS3 { get; }
    public AmazonS3Client DestinationS3 { get; }

    public static async Task<BenchStores> StartAsync()
    {
        var source = PlatformProcess.StartAsync(roles: "store", accessKey: "BENCHSOURCEKEY000001", secretKey: "bench-source-secret-key-000000000000001");
        var destination = PlatformProcess.StartAsync(roles: "store", accessKey: "BENCHDESTKEY00000001", secretKey: "bench-destination-secret-key-0000000001");
        return new BenchStores(await source, await destination);
    }

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

    public async Task<string> NewDestinationAsync()
    {
        var bucket = $"bench-dst-{Guid.NewGuid().ToString("N")[..8]}";
        await DestinationS3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    public async ValueTask DisposeAsync()
    {
        SourceS3.Dispose();
        DestinationS3.Dispose();
        await Source.DisposeAsync();
        await Destination.DisposeAsync();
    }
}
