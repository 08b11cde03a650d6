using Transporter.Connectors.Azure;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Connectors.Tests.Azure;

/// <summary>
/// Account URLs that Azure.Storage.Blobs would misread: it takes the account from the URL's path only at an IP address
/// or an emulator port, and elsewhere reads that segment as a container, addressing every blob in the wrong place.
/// Such endpoints are refused before any request (port 1 is never contacted).
/// </summary>
public sealed class AzureEndpointAddressingTests : IDisposable
{
    private readonly AzureStoreProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    private static EndpointConfig AccountKey(string endpoint) => new()
    {
        Type = EndpointType.Azure, AccessKey = Azurite.AccountName, SecretKey = Azurite.AccountKey, Bucket = "photos", Endpoint = endpoint,
    };

    [Theory]
    [InlineData("http://localhost:1/devstoreaccount1", "devstoreaccount1")]
    [InlineData("http://azurite.internal:8080/devstoreaccount1", "devstoreaccount1")]
    [InlineData("https://acct.blob.core.windows.net/photos", "photos")]
    [InlineData("http://127.0.0.1:1/devstoreaccount1/photos", "photos")]
    public async Task An_account_URL_whose_path_the_SDK_reads_as_a_container_is_refused_naming_the_endpoint(string url, string misread)
    {
        var open = Assert.Throws<ObjectStoreException>(() => _provider.Open(AccountKey(url)));
        var list = await Assert.ThrowsAsync<ObjectStoreException>(() => _provider.ListBucketsAsync(AccountKey(url), CancellationToken.None));

        foreach (var refused in new[] { open, list })
        {
            Assert.Equal((ObjectStoreErrorKind.InvalidRequest, "InvalidEndpoint"), (refused.Kind, refused.ProviderCode));
            Assert.StartsWith($"endpoint {url}: ", refused.Message);
            Assert.Contains($"'{misread}'", refused.Details);
        }
    }

    [Fact]
    public void A_connection_string_whose_BlobEndpoint_the_SDK_would_misread_is_refused_without_showing_the_key()
    {
        var endpoint = new EndpointConfig
        {
            Type = EndpointType.Azure, Bucket = "photos",
            SecretKey = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};BlobEndpoint=http://localhost:1/devstoreaccount1;",
        };

        var refused = Assert.Throws<ObjectStoreException>(() => _provider.Open(endpoint));

        Assert.Equal("InvalidEndpoint", refused.ProviderCode);
        Assert.StartsWith("secretKey (the connection string's BlobEndpoint) http://localhost:1/devstoreaccount1: ", refused.Message);
        Assert.DoesNotContain(Azurite.AccountKey, refused.Details);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/devstoreaccount1")]
    [InlineData("http://localhost:10000/devstoreaccount1")]
    [InlineData("https://acct.blob.core.windows.net")]
    [InlineData("https://acct.blob.core.windows.net/")]
    public async Task Account_URLs_the_SDK_reads_right_open_without_a_request(string url)
    {
        await using var store = _provider.Open(AccountKey(url));

        Assert.Equal("photos", store.Bucket);
    }
}
