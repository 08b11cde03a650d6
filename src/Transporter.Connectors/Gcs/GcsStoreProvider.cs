using System.Collections.Concurrent;
using Google.Apis.Util;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// Google Cloud Storage with a service-account key ("gcp-native" endpoints) through Google.Cloud.Storage.V1:
/// gcsConfig = the key file, bucket = the bucket, endpoint = https://storage.googleapis.com/storage/v1/ (with or
/// without /storage/v1; default the public one). Access tokens come from the key file's token_uri; the SDK retries
/// what it calls transient.
/// </summary>
public sealed class GcsStoreProvider : IObjectStoreProvider, IDisposable
{
    /// <summary>The JSON API's largest objects.list page.</summary>
    public const int MaxListPageSize = 1000;

    /// <summary>Resumable upload and download chunk (a multiple of 256 KiB).</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    /// <summary>GCS's chunk granularity: every upload chunk but the last is a multiple of it.</summary>
    public const int ChunkGranularity = 256 * 1024;

    private readonly ILoggerFactory _loggerFactory;
    private readonly int _listPageSize;
    private readonly int _chunkSize;
    private readonly GcsHttpClientFactory _http = new();

    /// <summary>One client (and so one credential and cached access token) per key file and root.</summary>
    private readonly ConcurrentDictionary<(GcsKeyFile, string), GcsEndpoint> _endpoints = new();

    private readonly IClock? _clock;

    public GcsStoreProvider(ILoggerFactory? loggerFactory = null)
        : this(loggerFactory, MaxListPageSize, DefaultChunkSize)
    {
    }

    /// <param name="chunkSize">A multiple of 256 KiB (tests use small chunks to exercise resumption).</param>
    /// <param name="clock">The token cache's clock (tests move it to expire tokens).</param>
    internal GcsStoreProvider(ILoggerFactory? loggerFactory, int listPageSize, int chunkSize, IClock? clock = null)
    {
        _clock = clock;
        if (chunkSize <= 0 || chunkSize % ChunkGranularity != 0)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), "a positive multiple of 256 KiB");
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _listPageSize = Math.Clamp(listPageSize, 1, MaxListPageSize);
        _chunkSize = chunkSize;
    }

    public IReadOnlyCollection<string> Types { get; } = [EndpointType.GcpNative];

    public IObjectStore Open(EndpointConfig endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Bucket))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBucketName", "the bucket is required");
        return new GcsObjectStore(EndpointFor(endpoint), endpoint.Bucket, _listPageSize, _chunkSize, _loggerFactory.CreateLogger<GcsObjectStore>());
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var gcs = EndpointFor(endpoint);
        if (string.IsNullOrEmpty(gcs.ProjectId))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidCredentials, "InvalidKeyFile", "gcsConfig has no project_id, which listing buckets needs");
        return await GcsErrorMapping.RunAsync(async () =>
        {
            var names = new List<string>();
            await foreach (var bucket in gcs.Client.ListBucketsAsync(gcs.ProjectId).WithCancellation(ct)) names.Add(bucket.Name);
            return names;
        }, ObjectStoreErrorKind.NotFound, ct);
    }

    internal GcsEndpoint EndpointFor(EndpointConfig endpoint)
    {
        var key = GcsKeyFile.Parse(endpoint.GcsConfig);
        var root = GcsEndpoint.RootOf(GcsEndpoint.EndpointUri(endpoint));
        return _endpoints.GetOrAdd((key, root), _ => new GcsEndpoint(new StorageClientBuilder
        {
            Credential = key.CreateCredential(_clock),
            BaseUri = root + "/storage/v1/",
            HttpClientFactory = _http,
        }.Build(), root, key));
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values) endpoint.Client.Dispose();
        _endpoints.Clear();
    }
}
