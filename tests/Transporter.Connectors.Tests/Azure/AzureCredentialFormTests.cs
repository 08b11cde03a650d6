using Azure.Storage.Sas;
using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>The three credential forms of an "azure" endpoint document, each against a real Azurite.</summary>
[Collection("Azurite")]
public sealed class AzureCredentialFormTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AzureStoreProvider _provider = new();
    private string _container = null!;

    private static CancellationToken Ct => CancellationToken.None;

    private string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint={azurite.Azurite.ServiceUrl};";

    public async Task InitializeAsync()
    {
        _container = $"forms-{Guid.NewGuid():N}"[..26];
        await azurite.CreateContainerAsync(_container);
    }

    public Task DisposeAsync()
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_connection_string_in_secretKey_reaches_the_account_without_accessKey_or_endpoint()
    {
        var endpoint = new EndpointConfig { Type = EndpointType.Azure, Bucket = _container, SecretKey = ConnectionString };

        Assert.Equal(AzureCredentialForm.ConnectionString, AzureCredentialForms.Of(endpoint));
        Assert.Empty(endpoint.Validate(EndpointRole.Destination));
        await AssertRoundTripAsync(endpoint);
        Assert.Contains(_container, await _provider.ListBucketsAsync(endpoint, Ct));
    }

    [Fact]
    public async Task A_SAS_URL_in_endpoint_reaches_the_account_and_is_never_shown()
    {
        var sas = AccountSasUrl(AccountSasPermissions.All);
        var endpoint = new EndpointConfig { Type = EndpointType.Azure, Bucket = _container, Endpoint = sas.ToString() };

        Assert.Equal(AzureCredentialForm.SasUrl, AzureCredentialForms.Of(endpoint));
        Assert.Empty(endpoint.Validate(EndpointRole.Destination));
        await AssertRoundTripAsync(endpoint);
        Assert.Contains(_container, await _provider.ListBucketsAsync(endpoint, Ct));
        Assert.Equal(azurite.Azurite.ServiceUrl, endpoint.WithoutSecrets().Endpoint!.TrimEnd('/'));
        Assert.DoesNotContain("sig=", endpoint.WithoutSecrets().Endpoint);
    }

    [Fact]
    public async Task A_read_only_SAS_is_refused_a_write_with_Azures_code()
    {
        var endpoint = new EndpointConfig { Type = EndpointType.Azure, Bucket = _container, Endpoint = AccountSasUrl(AccountSasPermissions.Read | AccountSasPermissions.List).ToString() };
        var store = _provider.Open(endpoint);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.WriteAsync(new ObjectWriteRequest { Key = "k", Size = 1 }, new MemoryStream([1]), Ct));

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, error.Kind);
        Assert.StartsWith("Authorization", error.ProviderCode);
    }

    [Fact]
    public async Task Server_side_copy_works_between_containers_reached_through_the_same_SAS()
    {
        var sas = AccountSasUrl(AccountSasPermissions.All).ToString();
        var other = $"forms-src-{Guid.NewGuid():N}"[..26];
        await azurite.CreateContainerAsync(other);
        await using var source = _provider.Open(new EndpointConfig { Type = EndpointType.Azure, Bucket = other, Endpoint = sas });
        await using var destination = _provider.Open(new EndpointConfig { Type = EndpointType.Azure, Bucket = _container, Endpoint = sas });
        await source.WriteAsync(new ObjectWriteRequest { Key = "a b/c", Size = 3 }, new MemoryStream([1, 2, 3]), Ct);

        Assert.True(destination.CanCopyFrom(source));
        Assert.False(destination.CanCopyFrom(_provider.Open(azurite.Endpoint(other))));
        await destination.CopyFromAsync(source, (await source.StatAsync("a b/c", Ct))!, new ObjectWriteRequest { Key = "copied", Size = 3 }, Ct);

        Assert.Equal(3, (await destination.StatAsync("copied", Ct))!.Size);
    }

    [Theory]
    [InlineData("not base64!", null, "secretKey (the storage account key) is not base64")]
    [InlineData("AccountName;AccountKey", null, "secretKey (an Azure storage connection string) must be name=value pairs separated by ';'")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=x;AccountKey=not base64!", null, "secretKey (the connection string) is not valid")]
    [InlineData(null, null, "secretKey (the storage account key) is required")]
    public void Malformed_credentials_are_refused_before_any_request_naming_the_field(string? secretKey, string? endpointUrl, string problem)
    {
        var endpoint = azurite.Endpoint(_container) with { SecretKey = secretKey, Endpoint = endpointUrl ?? azurite.Azurite.ServiceUrl };

        var error = Assert.Throws<ObjectStoreException>(() => _provider.Open(endpoint));

        Assert.Equal(ObjectStoreErrorKind.InvalidCredentials, error.Kind);
        Assert.StartsWith(problem, error.Message);
    }

    private Uri AccountSasUrl(AccountSasPermissions permissions) =>
        _provider.ServiceClient(azurite.Endpoint(_container))
            .GenerateAccountSasUri(permissions, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All);

    private async Task AssertRoundTripAsync(EndpointConfig endpoint)
    {
        await using var store = _provider.Open(endpoint);
        var key = $"form/{Guid.NewGuid():N}";
        await store.WriteAsync(new ObjectWriteRequest { Key = key, Size = 4, ContentType = "text/plain" }, new MemoryStream("data"u8.ToArray()), Ct);

        await using var read = await store.OpenReadAsync(key, null, Ct);
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal("data"u8.ToArray(), copy.ToArray());
        Assert.Contains(key, await ListKeysAsync(store));
        await store.DeleteAsync(key, Ct);
        Assert.Null(await store.StatAsync(key, Ct));
    }

    private static async Task<List<string>> ListKeysAsync(IObjectStore store)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync("form/", null, Ct)) keys.Add(item.Key);
        return keys;
    }
}
