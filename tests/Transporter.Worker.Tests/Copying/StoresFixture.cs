using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Connectors.Azure;
using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// Two built-in S3 stores (the platform started twice with role "store") and one Azurite. Buckets of one store with
/// the same credentials copy server-side; across stores, or between a store and Azurite, the bytes stream through
/// the copier.
/// </summary>
public sealed class StoresFixture : IAsyncLifetime
{
    /// <summary>The bearer token of <see cref="Second"/>'s admin API (bucket request-rate limits).</summary>
    public const string AdminToken = "worker-tests-admin-token-0001";

    public PlatformProcess First { get; private set; } = null!;
    public PlatformProcess Second { get; private set; } = null!;
    public Azurite Azurite { get; private set; } = null!;

    public S3StoreProvider S3 { get; } = new(options: new S3ProviderOptions { RetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(20) });
    public AzureStoreProvider Azure { get; } = new();

    private readonly Dictionary<PlatformProcess, AmazonS3Client> _admins = [];

    public async Task InitializeAsync()
    {
        var first = PlatformProcess.StartAsync(roles: "store");
        // The admin API is served on the API URL, which a process listens on with the api role.
        var second = PlatformProcess.StartAsync(roles: "api,store", extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = AdminToken });
        var azurite = Azurite.StartAsync();
        First = await first;
        Second = await second;
        Azurite = await azurite;
        _admins[First] = S3ClientFactory.For(First);
        _admins[Second] = S3ClientFactory.For(Second);
    }

    public async Task DisposeAsync()
    {
        foreach (var admin in _admins.Values) admin.Dispose();
        S3.Dispose();
        Azure.Dispose();
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>Arranges and inspects a store with the plain SDK, independently of the provider under test.</summary>
    public AmazonS3Client Admin(PlatformProcess store) => _admins[store];

    public static EndpointConfig Endpoint(PlatformProcess store, string bucket, string type = EndpointType.S3V4) => new()
    {
        Type = type,
        AccessKey = store.RootAccessKey,
        SecretKey = store.RootSecretKey,
        Bucket = bucket,
        Endpoint = store.S3Url,
        Region = "us-east-1",
    };

    /// <summary>A new bucket on <paramref name="store"/>.</summary>
    public async Task<(IObjectStore Store, EndpointConfig Endpoint)> NewBucketAsync(PlatformProcess store, string type = EndpointType.S3V4)
    {
        var name = "b" + Guid.NewGuid().ToString("N")[..20];
        await Admin(store).PutBucketAsync(new PutBucketRequest { BucketName = name });
        var endpoint = Endpoint(store, name, type);
        return (S3.Open(endpoint), endpoint);
    }

    /// <summary>A new container on the Azurite.</summary>
    public async Task<(IObjectStore Store, EndpointConfig Endpoint)> NewContainerAsync()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..20];
        var endpoint = TwoAzuritesFixture.Endpoint(Azurite, name);
        await Azure.ServiceClient(endpoint).GetBlobContainerClient(name).CreateIfNotExistsAsync();
        return (Azure.Open(endpoint), endpoint);
    }

    /// <summary>Sets a bucket's request-rate limit on <see cref="Second"/> through its admin API (0: none).</summary>
    public Task SetRequestRateLimitAsync(string bucket, int requestsPerSecond) => Second.SetRequestRateLimitAsync(AdminToken, bucket, requestsPerSecond);

    /// <summary>Multipart uploads still open in a bucket.</summary>
    public async Task<int> OpenUploadsAsync(PlatformProcess store, string bucket) =>
        (await Admin(store).ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads?.Count ?? 0;
}

/// <summary>Not run in parallel with the Azurite collection, whose bandwidth test measures real time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StoresCollection : ICollectionFixture<StoresFixture>
{
    public const string Name = "Two stores and an Azurite";
}
