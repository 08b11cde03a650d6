using Amazon.S3;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>
/// The embedded platform (API, built-in store, workers in one process) and a second store instance (the platform
/// started with role "store") playing a foreign S3 endpoint. Migrations are driven through the API with requests
/// signed by botocore; buckets are arranged and checked with the AWS SDK, independently of the platform's code.
/// </summary>
public sealed class PlatformUnderTest : IAsyncLifetime
{
    public const string AdminToken = "e2e-admin-token-000001";

    /// <summary>Settings of the platform under test: 8 MiB multipart threshold (so large objects stay ~10 MiB),
    /// 5-second leases (so a restart resumes in seconds, not half a minute) and quick webhook retries.</summary>
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["TRANSPORTER_ADMIN_TOKEN"] = AdminToken,
        ["TRANSPORTER_LISTER_LEASE_SECONDS"] = "5",
        ["TRANSPORTER_BATCH_LEASE_SECONDS"] = "5",
        ["Transporter__Copier__MultipartThreshold"] = (8 * 1024 * 1024).ToString(),
        ["Transporter__Copier__PartSize"] = (5 * 1024 * 1024).ToString(),
        // Failed webhook deliveries are tried again after about 1 s, 2 s, 4 s... (the default starts at 10 s).
        ["TRANSPORTER_WEBHOOK_RETRY_SECONDS"] = "1",
    };

    public PlatformProcess Platform { get; private set; } = null!;
    public PlatformProcess Foreign { get; private set; } = null!;
    public TransporterApiClient Api { get; private set; } = null!;
    public AmazonS3Client Local { get; private set; } = null!;
    public AmazonS3Client Remote { get; private set; } = null!;

    /// <summary>The price table the platform under test estimates plans with (TRANSPORTER_PRICE_TABLE): s3v4 made
    /// expensive, so the costs of the tests' few kilobytes show in cents.</summary>
    public const string PriceTable = """
        {"currency": "EUR", "source": "the e2e price table",
         "providers": {"s3v4": {"egressPerGb": 1000, "getPerThousand": 1, "putPerThousand": 2, "listPerThousand": 10}}}
        """;

    public async Task InitializeAsync()
    {
        var prices = Path.Combine(RepoPaths.NewTempDir("e2e-prices"), "prices.json");
        await File.WriteAllTextAsync(prices, PriceTable);
        var platform = PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string>(Settings) { ["TRANSPORTER_PRICE_TABLE"] = prices });
        var foreign = PlatformProcess.StartAsync(roles: "store", accessKey: "FOREIGNACCESSKEY0001", secretKey: "foreign-secret-key-00000000000000000001");
        Platform = await platform;
        Foreign = await foreign;
        Api = TransporterApiClient.For(Platform);
        Local = S3ClientFactory.For(Platform);
        Remote = S3ClientFactory.For(Foreign);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Local?.Dispose();
        Remote?.Dispose();
        if (Platform is not null) await Platform.DisposeAsync();
        if (Foreign is not null) await Foreign.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformUnderTest>
{
    public const string Name = "platform and a foreign store";
}
