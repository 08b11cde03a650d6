using Amazon.S3;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing;
using Transporter.Testing.Api;
using Transporter.Testing.Gcs;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// The embedded platform (API, built-in store, workers in one process) next to a real Azurite blob service and the
/// FAKE GCS JSON API (no real GCS can run here), all on loopback. Migrations are driven through the API with requests
/// signed by botocore; the built-in store is read with the AWS SDK and Azurite with the official Azure SDK for
/// JavaScript (<see cref="AzureBlobs"/>), never with the platform's own connectors.
/// </summary>
public sealed class CloudUnderTest : IAsyncLifetime
{
    public PlatformProcess Platform { get; private set; } = null!;
    public Azurite Azurite { get; private set; } = null!;
    public FakeGcsServer Gcs { get; private set; } = null!;
    public TransporterApiClient Api { get; private set; } = null!;
    public AmazonS3Client Local { get; private set; } = null!;
    public AzureBlobs Azure { get; private set; } = null!;

    /// <summary>Content files of this test run (deleted at the end).</summary>
    public ContentFiles Files { get; } = new();

    public async Task InitializeAsync()
    {
        var platform = PlatformProcess.StartAsync(extraEnv: PlatformUnderTest.Settings);
        var azurite = Azurite.StartAsync();
        Gcs = await FakeGcsServer.StartAsync();
        Platform = await platform;
        Azurite = await azurite;
        Api = TransporterApiClient.For(Platform);
        Local = S3ClientFactory.For(Platform);
        Azure = new AzureBlobs(Azurite.ServiceUrl, Azurite.AccountName, Azurite.AccountKey);
    }

    /// <summary>The spec's "azure" endpoint document for a container of Azurite.</summary>
    public Dictionary<string, object?> AzureEndpoint(string container, string? prefix = null, string? subtype = null, string accountKey = Azurite.AccountKey)
    {
        var endpoint = new Dictionary<string, object?>
        {
            ["type"] = "azure",
            ["accessKey"] = Azurite.AccountName,
            ["secretKey"] = accountKey,
            ["bucket"] = container,
            ["endpoint"] = Azurite.ServiceUrl,
        };
        if (prefix is not null) endpoint["prefix"] = prefix;
        if (subtype is not null) endpoint["subtype"] = subtype;
        return endpoint;
    }

    /// <summary>The spec's "gcp-native" endpoint document for a bucket of the fake GCS (key file as an object).</summary>
    public Dictionary<string, object?> GcsEndpoint(string bucket, System.Text.Json.JsonElement? keyFile = null) => new()
    {
        ["type"] = "gcp-native",
        ["bucket"] = bucket,
        ["endpoint"] = Gcs.BaseUrl + "/storage/v1/",
        ["gcsConfig"] = keyFile ?? Gcs.KeyFile(),
    };

    /// <summary>A new container name (lower case, 3-63 characters, as Azure requires).</summary>
    public static string NewName(string hint) => $"{hint}-{Guid.NewGuid().ToString("N")[..10]}";

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Local?.Dispose();
        if (Platform is not null) await Platform.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
        if (Gcs is not null) await Gcs.DisposeAsync();
        Files.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CloudCollection : ICollectionFixture<CloudUnderTest>
{
    public const string Name = "platform, Azurite and a fake GCS";
}
