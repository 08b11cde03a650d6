using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;
using Transporter.Testing;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// The built-in store (the platform started with role "store") shared by the S3 connector tests, plus an SDK client
/// that arranges buckets and objects independently of the provider under test.
/// </summary>
public sealed class S3StoreFixture : IAsyncLifetime
{
    private PlatformProcess? _platform;

    public string ServiceUrl { get; private set; } = "";
    public string AccessKey { get; private set; } = "";
    public string SecretKey { get; private set; } = "";

    /// <summary>Arranges and inspects objects without going through the provider.</summary>
    public AmazonS3Client Admin { get; private set; } = null!;

    /// <summary>The provider under test, with short retry delays so failure tests stay fast.</summary>
    public S3StoreProvider Provider { get; } = new(options: new S3ProviderOptions
    {
        RetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
    });

    public async Task InitializeAsync()
    {
        _platform = await PlatformProcess.StartAsync(roles: "store");
        ServiceUrl = _platform.S3Url;
        AccessKey = _platform.RootAccessKey;
        SecretKey = _platform.RootSecretKey;
        Admin = S3ClientFactory.For(_platform);
    }

    public EndpointConfig Endpoint(string bucket, string type = EndpointType.S3V4, string? secretKey = null, string? subtype = null) => new()
    {
        Type = type,
        AccessKey = AccessKey,
        SecretKey = secretKey ?? SecretKey,
        Bucket = bucket,
        Endpoint = ServiceUrl,
        Region = "us-east-1",
        Subtype = subtype,
    };

    /// <summary>A new, empty bucket with a unique name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = "s3c-" + Guid.NewGuid().ToString("N")[..16];
        await Admin.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Puts an object with the plain SDK (a seekable body, so no aws-chunked framing is needed).</summary>
    public Task PutAsync(string bucket, string key, byte[] content) =>
        Admin.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        });

    public async Task<byte[]> GetAsync(string bucket, string key)
    {
        using var response = await Admin.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async Task DisposeAsync()
    {
        Provider.Dispose();
        Admin?.Dispose();
        if (_platform is not null) await _platform.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class S3StoreCollection : ICollectionFixture<S3StoreFixture>
{
    /// <summary>
    /// One store process for all S3 connector tests. Not run in parallel with other collections: one test measures
    /// the process's allocations while streaming.
    /// </summary>
    public const string Name = "S3 store";
}
