using Azure.Storage;
using Azure.Storage.Blobs;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// An "azure" endpoint document turned into a <see cref="BlobServiceClient"/>, in whichever of the three credential
/// forms it comes (<see cref="AzureCredentialForm"/>): account name + key, connection string, or SAS URL.
/// A malformed credential is refused here, before any request, as a permanent <see cref="ObjectStoreException"/>
/// naming the field.
/// </summary>
internal sealed class AzureEndpoint
{
    /// <summary>Identifies the credential for <see cref="SameAccountAs"/>; never printed.</summary>
    private readonly string _credential;

    private AzureEndpoint(AzureCredentialForm form, BlobServiceClient client, string credential)
    {
        Form = form;
        Client = client;
        _credential = credential;
    }

    public AzureCredentialForm Form { get; }

    public BlobServiceClient Client { get; }

    /// <summary>The account URL without any query (a SAS is a credential).</summary>
    public string AccountUrl => Client.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Same account URL and same credential: Copy Blob then authorizes the source with the destination's
    /// credential (shared key), or the source URL carries the same SAS.</summary>
    public bool SameAccountAs(AzureEndpoint other) =>
        string.Equals(AccountUrl, other.AccountUrl, StringComparison.OrdinalIgnoreCase) && _credential == other._credential;

    public static AzureEndpoint From(EndpointConfig config, BlobClientOptions options)
    {
        if (AzureCredentialForms.Problems(config).FirstOrDefault() is { } problem)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "InvalidCredentials", problem);
        var form = AzureCredentialForms.Of(config);
        AzureEndpoint endpoint;
        try
        {
            endpoint = form switch
            {
                AzureCredentialForm.SasUrl => new AzureEndpoint(form, new BlobServiceClient(new Uri(config.Endpoint!), options), new Uri(config.Endpoint!).Query),
                AzureCredentialForm.ConnectionString => new AzureEndpoint(form, new BlobServiceClient(config.SecretKey, options), config.SecretKey!),
                _ => FromAccountKey(config, options),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            var field = form == AzureCredentialForm.SasUrl ? "endpoint (the SAS URL)" : form == AzureCredentialForm.ConnectionString
                ? "secretKey (the connection string)" : "secretKey (the storage account key)";
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "InvalidCredentials", $"{field} is not valid: {e.Message}", e);
        }
        endpoint.CheckAddressing();
        return endpoint;
    }

    /// <summary>
    /// The SDK builds every blob URL by parsing the account URL again (BlobUriBuilder), and reads the account from the
    /// path ("http://host:port/account") only at an IP address or an emulator port (10000-10004, 10100-10104, ...).
    /// Anywhere else it takes that path segment for a container, so "http://localhost:42227/devstoreaccount1" would send
    /// each blob request of container "photos" to ".../devstoreaccount1/{key}": another container, another blob. Such
    /// an account URL is refused before any request.
    /// </summary>
    private void CheckAddressing()
    {
        var parsed = new BlobUriBuilder(new Uri(AccountUrl));
        if (string.IsNullOrEmpty(parsed.BlobContainerName)) return;
        var field = Form == AzureCredentialForm.ConnectionString ? "secretKey (the connection string's BlobEndpoint)" : "endpoint";
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidEndpoint",
            $"{field} {AccountUrl}: Azure.Storage.Blobs would take '{parsed.BlobContainerName}' in its path for a container name (it reads " +
            "an account name from the path only at an IP address or an emulator port such as 10000); give the account URL without a path, " +
            "or reach the emulator by its IP address (e.g. 127.0.0.1)");
    }

    private static AzureEndpoint FromAccountKey(EndpointConfig config, BlobClientOptions options)
    {
        var account = config.AccessKey!.Trim();
        var key = config.SecretKey!.Trim();
        Uri serviceUri;
        try
        {
            serviceUri = config.EndpointUri() ?? new Uri($"https://{account}.blob.core.windows.net");
        }
        catch (UriFormatException e)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidEndpoint", $"endpoint '{config.Endpoint}' is not a URL: {e.Message}");
        }
        return new AzureEndpoint(AzureCredentialForm.AccountKey,
            new BlobServiceClient(serviceUri, new StorageSharedKeyCredential(account, key), options), account + "\n" + key);
    }

    public override string ToString() => $"azure {AccountUrl} ({Form})";
}
