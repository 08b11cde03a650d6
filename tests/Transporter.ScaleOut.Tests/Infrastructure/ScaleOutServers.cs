using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// What every scale-out test shares: a private PostgreSQL and RabbitMQ (each test takes a fresh database and vhost
/// on them), and two built-in store processes playing the source and the destination cloud. Source buckets are
/// filled once per dataset and only read; each migration writes into a fresh destination bucket.
/// </summary>
public sealed class ScaleOutServers : IAsyncLifetime
{
    /// <summary>5,000 objects of 1 to 8 KiB.</summary>
    public static readonly Dataset Many = new("many/", 5_000, i => 1024 + (int)((uint)(i * 2654435761) % 7169));

    /// <summary>50 objects of 1 to 8 KiB.</summary>
    public static readonly Dataset Few = new("few/", 50, i => 1024 + (int)((uint)(i * 2654435761) % 7169));

    private readonly ConcurrentDictionary<Dataset, Lazy<Task<string>>> _sources = new();

    public PrivatePostgres Postgres { get; private set; } = null!;
    public PrivateRabbitMq RabbitMq { get; private set; } = null!;
    public PlatformProcess Source { get; private set; } = null!;
    public PlatformProcess Destination { get; private set; } = null!;
    public AmazonS3Client SourceS3 { get; private set; } = null!;
    public AmazonS3Client DestinationS3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PrivatePostgres.CreateAsync();
        var rabbitmq = PrivateRabbitMq.CreateAsync();
        var source = PlatformProcess.StartAsync(roles: "store", accessKey: "SCALEOUTSOURCEKEY001", secretKey: "scale-out-source-secret-00000000000000001");
        var destination = PlatformProcess.StartAsync(roles: "store", accessKey: "SCALEOUTDESTKEY00001", secretKey: "scale-out-destination-secret-000000000001");
        Postgres = await postgres;
        RabbitMq = await rabbitmq;
        Source = await source;
        Destination = await destination;
        SourceS3 = S3ClientFactory.For(Source);
        DestinationS3 = S3ClientFactory.For(Destination);
    }

    /// <summary>The source bucket holding <paramref name="dataset"/>, uploaded on first use.</summary>
    public Task<string> SourceBucketAsync(Dataset dataset) =>
        _sources.GetOrAdd(dataset, d => new Lazy<Task<string>>(async () =>
        {
            var bucket = $"src-{Guid.NewGuid().ToString("N")[..12]}";
            await SourceS3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
            await d.UploadAsync(SourceS3, bucket);
            return bucket;
        })).Value;

    public async Task<string> NewDestinationBucketAsync()
    {
        var bucket = $"dst-{Guid.NewGuid().ToString("N")[..12]}";
        await DestinationS3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    public async Task DisposeAsync()
    {
        SourceS3?.Dispose();
        DestinationS3?.Dispose();
        foreach (var process in new[] { Source, Destination }) if (process is not null) await process.DisposeAsync();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutServers>
{
    public const string Name = "scale-out servers";
}
