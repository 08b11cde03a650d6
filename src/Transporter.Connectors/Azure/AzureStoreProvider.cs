using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Azure Blob Storage ("azure" endpoints) through Azure.Storage.Blobs: bucket = container; credentials as account
/// name + key, a connection string or a SAS URL (<see cref="AzureCredentialForm"/>). The SDK retries its transient
/// failures (<see cref="AzureRetryPolicy"/>); every store this provider opens shares one HTTP connection pool.
/// </summary>
public sealed class AzureStoreProvider : IObjectStoreProvider, IDisposable
{
    private readonly HttpClient _http;
    private readonly BlobClientOptions _clientOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly int _listPageSize;

    public AzureStoreProvider(ILoggerFactory? loggerFactory = null)
        : this(new AzureProviderOptions(), loggerFactory)
    {
    }

    internal AzureStoreProvider(AzureProviderOptions options, ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _listPageSize = Math.Clamp(options.ListPageSize, 1, AzureProviderOptions.MaxListPageSize);
        _http = ConnectorHttp.CreateClient(options.Handler);
        _clientOptions = new BlobClientOptions
        {
            Transport = new HttpClientTransport(_http),
            RetryPolicy = new AzureRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay),
            // Blob names are copied as they are: "trailing/" and "/leading" are names of their own.
            TrimBlobNameSlashes = false,
        };
        _clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        _clientOptions.AddPolicy(AzureUploadPolicy.Instance, HttpPipelinePosition.PerRetry);
    }

    public IReadOnlyCollection<string> Types { get; } = [EndpointType.Azure];

    public IObjectStore Open(EndpointConfig endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Bucket))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidContainerName", "the container (bucket) is required");
        return new AzureObjectStore(AzureEndpoint.From(endpoint, _clientOptions), endpoint.Bucket, _listPageSize, _loggerFactory.CreateLogger<AzureObjectStore>());
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var client = AzureEndpoint.From(endpoint, _clientOptions).Client;
        return await AzureErrorMapping.RunAsync(async () =>
        {
            var names = new List<string>();
            await foreach (var container in client.GetBlobContainersAsync(cancellationToken: ct)) names.Add(container.Name);
            return names;
        }, ct);
    }

    /// <summary>The SDK's client for the endpoint's account (tests create and inspect containers with it).</summary>
    internal BlobServiceClient ServiceClient(EndpointConfig endpoint) => AzureEndpoint.From(endpoint, _clientOptions).Client;

    public void Dispose() => _http.Dispose();
}
