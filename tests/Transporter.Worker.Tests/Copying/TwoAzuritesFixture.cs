using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Two real Azurite instances: containers of one instance copy server-side, across instances the bytes stream
/// through the copier.</summary>
public sealed class TwoAzuritesFixture : IAsyncLifetime
{
    public Azurite First { get; private set; } = null!;
    public Azurite Second { get; private set; } = null!;

    public AzureStoreProvider Provider { get; } = new();

    public async Task InitializeAsync()
    {
        var first = Azurite.StartAsync();
        var second = Azurite.StartAsync();
        First = await first;
        Second = await second;
    }

    public async Task DisposeAsync()
    {
        Provider.Dispose();
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    public static EndpointConfig Endpoint(Azurite azurite, string container, string? subtype = null, bool forceSseS3 = false) => new()
    {
        Type = EndpointType.Azure,
        AccessKey = Azurite.AccountName,
        SecretKey = Azurite.AccountKey,
        Bucket = container,
        Endpoint = azurite.ServiceUrl,
        Subtype = subtype,
        ForceSseS3 = forceSseS3 ? true : null,
    };

    /// <summary>A new container on <paramref name="azurite"/>, created with the connector's own client.</summary>
    public async Task<(IObjectStore Store, EndpointConfig Endpoint)> NewContainerAsync(Azurite azurite)
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..20];
        var endpoint = Endpoint(azurite, name);
        await Provider.ServiceClient(endpoint).GetBlobContainerClient(name).CreateIfNotExistsAsync();
        return (Provider.Open(endpoint), endpoint);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoAzuritesCollection : ICollectionFixture<TwoAzuritesFixture>
{
    public const string Name = "Two Azurites";
}
