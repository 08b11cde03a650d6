using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

/// <summary>One built-in store (the real Transporter process, role "store") shared by the peer-client tests.</summary>
public class StoreFixture : IAsyncLifetime
{
    public PlatformProcess Platform { get; private set; } = null!;

    public string Endpoint => Platform.S3Url;

    public int Port => new Uri(Platform.S3Url).Port;

    /// <summary>The store's data folder (meta.db, blobs/, tmp/).</summary>
    public string StoreDirectory => Path.Combine(Platform.DataDir, "store");

    public async Task InitializeAsync()
    {
        Platform = await StartPlatformAsync();
        await PreparedAsync();
    }

    /// <summary>The platform process this fixture shares (a bare store by default).</summary>
    /// <remarks>Lifecycle rules are applied and access logs delivered every second, so tests see them within their deadlines.</remarks>
    protected virtual Task<PlatformProcess> StartPlatformAsync() =>
        PlatformProcess.StartAsync(roles: "store", extraEnv: new Dictionary<string, string>
        {
            ["TRANSPORTER_S3_LIFECYCLE_SECONDS"] = "1",
            ["TRANSPORTER_S3_LOG_SECONDS"] = "1",
        });

    /// <summary>Runs once the platform is up (more roots, keys...).</summary>
    protected virtual Task PreparedAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Platform.DisposeAsync();

    /// <summary>A fresh, valid bucket name.</summary>
    public static string NewBucketName(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..12]}".ToLowerInvariant();

    /// <summary>Environment every peer CLI gets: the root key, the region, and no CA bundle override (rclone's AWS
    /// SDK refuses a custom bundle on its plain-HTTP transport).</summary>
    public virtual Dictionary<string, string> PeerEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = Platform.RootAccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Platform.RootSecretKey,
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_CA_BUNDLE"] = "",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["S3_ENDPOINT"] = Platform.S3Url,
    };
}

[CollectionDefinition(Name)]
public sealed class StoreCollection : ICollectionFixture<StoreFixture>
{
    public const string Name = "built-in store";
}
