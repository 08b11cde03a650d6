using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// The S3 family: Lyve, AWS, S3-compatible servers with SigV4 (s3v4) or SigV2 (s3v2), and Google Cloud Storage with
/// HMAC keys over its S3-interoperable XML API (gcp). One AmazonS3Client per endpoint and credentials is built on
/// first use and shared by all stores and transfers; dispose the provider to release them.
/// </summary>
public sealed class S3StoreProvider : IObjectStoreProvider, IDisposable
{
    private readonly S3ClientCache _clients;
    private readonly ILogger _logger;

    public S3StoreProvider(ILoggerFactory? loggerFactory = null, S3ProviderOptions? options = null, TimeProvider? clock = null)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<S3StoreProvider>();
        _clients = new S3ClientCache(options ?? new S3ProviderOptions(), clock ?? TimeProvider.System);
    }

    public IReadOnlyCollection<string> Types { get; } =
        [EndpointType.Lyve, EndpointType.Aws, EndpointType.S3V4, EndpointType.S3V2, EndpointType.Gcp];

    public IObjectStore Open(EndpointConfig endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Bucket))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBucketName", "bucket is required");
        return new S3ObjectStore(_clients.Get(S3Endpoint.From(endpoint)), endpoint.Bucket, _logger);
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var client = _clients.Get(S3Endpoint.From(endpoint));
        var names = new List<string>();
        string? continuation = null;
        do
        {
            var request = new ListBucketsRequest { ContinuationToken = continuation };
            ListBucketsResponse page;
            try
            {
                page = await client.Retry.ExecuteAsync(static async (state, token) => await state.Sdk.ListBucketsAsync(state.request, token), (client.Sdk, request), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw S3ErrorMapping.ToObjectStoreException(e, "", null);
            }
            if (page.Buckets is not null) names.AddRange(page.Buckets.Select(b => b.BucketName));
            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
        return names;
    }

    public void Dispose() => _clients.Dispose();
}
