using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Testing;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>One Azurite for all Azure test classes (collection "Azurite").</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    public EndpointConfig Endpoint(string container) => new()
    {
        Type = EndpointType.Azure,
        AccessKey = Azurite.AccountName,
        SecretKey = Azurite.AccountKey,
        Bucket = container,
        Endpoint = Azurite.ServiceUrl,
    };

    /// <summary>Creates the container through the connector's own client and returns its endpoint.</summary>
    public async Task<EndpointConfig> CreateContainerAsync(string container)
    {
        var endpoint = Endpoint(container);
        using var provider = new AzureStoreProvider();
        await provider.ServiceClient(endpoint).GetBlobContainerClient(container).CreateIfNotExistsAsync();
        return endpoint;
    }
}

[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
