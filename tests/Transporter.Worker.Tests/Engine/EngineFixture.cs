using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>A real Azurite holding the source and destination containers of the engine tests.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public AzureStoreProvider Provider { get; } = new();

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync()
    {
        Provider.Dispose();
        await Azurite.DisposeAsync();
    }

    public EndpointConfig Endpoint(string container) => new()
    {
        Type = EndpointType.Azure,
        AccessKey = Azurite.AccountName,
        SecretKey = Azurite.AccountKey,
        Bucket = container,
        Endpoint = Azurite.ServiceUrl,
    };

    /// <summary>A new empty container. With <paramref name="streamed"/> its endpoint reaches the same Azurite account with
    /// another credential (a connection string), so copies to or from it cannot be server-side (Copy Blob needs the same
    /// credential) and every byte passes the copier (and its limiter).</summary>
    public async Task<(IObjectStore Store, EndpointConfig Endpoint)> NewContainerAsync(bool streamed = false)
    {
        var endpoint = Endpoint("c" + Guid.NewGuid().ToString("N")[..20]);
        if (streamed)
            endpoint = endpoint with
            {
                AccessKey = null,
                Endpoint = null,
                SecretKey = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint={Azurite.ServiceUrl};",
            };
        await Provider.ServiceClient(endpoint).GetBlobContainerClient(endpoint.Bucket!).CreateIfNotExistsAsync();
        return (Provider.Open(endpoint), endpoint);
    }

    /// <summary>Writes small objects with distinct contents under the given keys.</summary>
    public static async Task PutAsync(IObjectStore store, IEnumerable<string> keys, int size = 64)
    {
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, ct) =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(key.PadRight(size, '.'));
            await store.WriteAsync(new ObjectWriteRequest { Key = key, Size = bytes.Length, ContentType = "text/plain" }, new MemoryStream(bytes), ct);
        });
    }

    public static async Task<List<ObjectSummary>> ListAsync(IObjectStore store)
    {
        var items = new List<ObjectSummary>();
        await foreach (var item in store.ListAsync("", null, CancellationToken.None)) items.Add(item);
        return items;
    }

    public static async Task<string> ReadTextAsync(IObjectStore store, string key)
    {
        await using var download = await store.OpenReadAsync(key, null, CancellationToken.None);
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync();
    }

    public static Migration NewMigration(EndpointConfig source, EndpointConfig destination, string kind = MigrationKind.Migration,
        string? syncMode = null, Guid? parent = null, bool deleteAfterUpload = false, bool skipVerify = false) => new()
    {
        Id = Guid.NewGuid(),
        Root = "acme",
        UserName = "root",
        Kind = kind,
        SyncMode = syncMode,
        Source = source.WithoutSecrets(),
        Destination = destination.WithoutSecrets(),
        ParentId = parent,
        DeleteAfterUpload = deleteAfterUpload,
        SkipVerify = skipVerify,
    };
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Engine over Azurite";
}
