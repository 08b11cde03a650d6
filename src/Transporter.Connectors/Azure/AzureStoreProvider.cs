using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Azure Blob Storage ("azure" endpoints): accessKey = account name, secretKey = account key (base64),
/// bucket = container, endpoint = account URL (https://account.blob.core.windows.net, or an emulator's
/// http://host:port/account). One HttpClient is shared by every store this provider opens.
/// </summary>
public sealed class AzureStoreProvider : IObjectStoreProvider, IDisposable
{
    /// <summary>Azure's largest List Blobs page.</summary>
    public const int MaxListPageSize = 5000;

    private readonly HttpClient _http;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ResiliencePipeline _retry;
    private readonly int _listPageSize;

    public AzureStoreProvider(ILoggerFactory? loggerFactory = null)
        : this(ConnectorHttp.CreateClient(), loggerFactory, MaxListPageSize, null)
    {
    }

    /// <param name="listPageSize">Blobs per List Blobs request (tests use small pages to exercise paging).</param>
    /// <param name="retry">Overrides the retry pipeline (tests use short delays).</param>
    internal AzureStoreProvider(HttpClient http, ILoggerFactory? loggerFactory, int listPageSize, ResiliencePipeline? retry)
    {
        _http = http;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _listPageSize = Math.Clamp(listPageSize, 1, MaxListPageSize);
        _retry = retry ?? TransientRetry.Create(AzureErrorMapping.IsTransient);
    }

    public IReadOnlyCollection<string> Types { get; } = [EndpointType.Azure];

    public IObjectStore Open(EndpointConfig endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Bucket))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidContainerName", "the container (bucket) is required");
        return new AzureObjectStore(CreateClient(endpoint), endpoint.Bucket, _listPageSize, _loggerFactory.CreateLogger<AzureObjectStore>());
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var client = CreateClient(endpoint);
        var names = new List<string>();
        string? marker = null;
        do
        {
            var page = await client.ListContainersPageAsync(marker, ct);
            names.AddRange(page.Names);
            marker = page.NextMarker;
        } while (marker is not null);
        return names;
    }

    internal AzureClient CreateClient(EndpointConfig endpoint)
    {
        var account = endpoint.AccessKey;
        if (string.IsNullOrWhiteSpace(account))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "MissingAccountName", "accessKey (the storage account name) is required");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(endpoint.SecretKey ?? "");
        }
        catch (FormatException)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "InvalidAccountKey", "secretKey (the storage account key) is not base64");
        }
        if (key.Length == 0)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "InvalidAccountKey", "secretKey (the storage account key) is required");
        var serviceUri = endpoint.EndpointUri() ?? new Uri($"https://{account}.blob.core.windows.net");
        return new AzureClient(_http, serviceUri, account, key, _retry, _loggerFactory.CreateLogger<AzureClient>());
    }

    public void Dispose() => _http.Dispose();
}
