using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// Google Cloud Storage with a service-account key ("gcp-native" endpoints): gcsConfig = the key file,
/// bucket = the bucket, endpoint = https://storage.googleapis.com/storage/v1/ (with or without /storage/v1;
/// default the public one). Access tokens come from the key file's token_uri.
/// </summary>
public sealed class GcsStoreProvider : IObjectStoreProvider, IDisposable
{
    /// <summary>The JSON API's largest objects.list page.</summary>
    public const int MaxListPageSize = 1000;

    /// <summary>Resumable upload chunk: objects up to this size go in one multipart request instead.</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ResiliencePipeline _retry;
    private readonly int _listPageSize;
    private readonly int _chunkSize;
    private readonly IClock? _clock;

    /// <summary>One credential (and so one cached access token) per key, shared by every store opened with it.</summary>
    private readonly ConcurrentDictionary<string, ServiceAccountCredential> _credentials = new();

    public GcsStoreProvider(ILoggerFactory? loggerFactory = null)
        : this(ConnectorHttp.CreateClient(), loggerFactory, MaxListPageSize, DefaultChunkSize, null, null)
    {
    }

    /// <param name="chunkSize">A multiple of 256 KiB (tests use small chunks to exercise resumption).</param>
    /// <param name="clock">The token cache's clock (tests move it to expire tokens).</param>
    internal GcsStoreProvider(HttpClient http, ILoggerFactory? loggerFactory, int listPageSize, int chunkSize, ResiliencePipeline? retry, IClock? clock)
    {
        if (chunkSize <= 0 || chunkSize % GcsClient.ChunkGranularity != 0)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), "a positive multiple of 256 KiB");
        _http = http;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _listPageSize = Math.Clamp(listPageSize, 1, MaxListPageSize);
        _chunkSize = chunkSize;
        _retry = retry ?? TransientRetry.Create(GcsErrorMapping.IsTransient);
        _clock = clock;
    }

    public IReadOnlyCollection<string> Types { get; } = [EndpointType.GcpNative];

    public IObjectStore Open(EndpointConfig endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Bucket))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBucketName", "the bucket is required");
        return new GcsObjectStore(CreateClient(endpoint), endpoint.Bucket, _listPageSize, _chunkSize, _retry, _loggerFactory.CreateLogger<GcsObjectStore>());
    }

    public async Task<IReadOnlyList<string>> ListBucketsAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        var client = CreateClient(endpoint);
        var names = new List<string>();
        string? pageToken = null;
        do
        {
            var page = await client.ListBucketsPageAsync(pageToken, ct);
            names.AddRange((page.Items ?? []).Select(b => b.Name ?? ""));
            pageToken = page.NextPageToken;
        } while (!string.IsNullOrEmpty(pageToken));
        return names;
    }

    internal GcsClient CreateClient(EndpointConfig endpoint)
    {
        var key = GcsClient.KeyFile.Parse(endpoint.GcsConfig);
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{key.ClientEmail}\n{key.TokenUri}\n{key.PrivateKey}")));
        var credential = _credentials.GetOrAdd(id, _ => key.CreateCredential(_clock));
        return new GcsClient(_http, endpoint.EndpointUri(), credential, key.ProjectId, _retry, _loggerFactory.CreateLogger<GcsClient>());
    }

    public void Dispose() => _http.Dispose();
}
