using Amazon.Runtime;
using Amazon.S3;
using Polly;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// One AmazonS3Client for one <see cref="S3Endpoint"/>, with its HTTP pipeline and retry policy. Thread-safe and
/// shared by every store of that endpoint and credentials (see <see cref="S3ClientCache"/>).
/// </summary>
internal sealed class S3Client : IDisposable
{
    private readonly S3HttpClientFactory _httpClients;

    public S3Client(S3Endpoint endpoint, S3ProviderOptions options, TimeProvider clock)
    {
        Endpoint = endpoint;
        Options = options;
        _httpClients = new S3HttpClientFactory(endpoint, options, clock);
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.ServiceUrl.ToString(),
            AuthenticationRegion = endpoint.Region,
            ForcePathStyle = !endpoint.IsAws || endpoint.SignsV2,
            HttpClientFactory = _httpClients,
            // Retries are ours (TransientRetry), so that a body stream that was partly sent is never replayed.
            MaxErrorRetry = 0,
            MaxStaleConnectionRetries = 0,
            // No CRC trailers: they need aws-chunked trailer support that S3-compatible servers often lack. Integrity
            // is checked with MD5 (Content-MD5 when known, ETag comparison always).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (S3DataPath.Serves(endpoint, options)) DataPath = new S3DataPath(endpoint, _httpClients.Client, clock);
        Sdk = new AmazonS3Client(new BasicAWSCredentials(endpoint.AccessKey, endpoint.SecretKey), config);
        Retry = TransientRetry.Create(S3ErrorMapping.IsTransient, options.RetryAttempts, options.RetryBaseDelay);
        RetryUnlessThrottled = TransientRetry.Create(e => S3ErrorMapping.IsTransient(e) && !S3ErrorMapping.IsThrottled(e), options.RetryAttempts,
            options.RetryBaseDelay);
        Capabilities = new ObjectStoreCapabilities
        {
            MultipartUpload = true,
            ResumableUploads = true,
            Tags = !endpoint.IsGcs,
            ServerSideCopy = true,
            StorageClasses = true,
            Md5Digests = true,
            // Google's XML API has no ListObjectVersions.
            Versions = !endpoint.IsGcs,
        };
    }

    public S3Endpoint Endpoint { get; }

    public S3ProviderOptions Options { get; }

    public IAmazonS3 Sdk { get; }

    /// <summary>GetObject and small PutObject without the SDK, where the endpoint allows it; null otherwise.</summary>
    public S3DataPath? DataPath { get; }

    public ResiliencePipeline Retry { get; }

    /// <summary>
    /// For a small PUT on the lean data path: transient errors are retried with the same bytes, but a throttled answer
    /// (503, 429) is surfaced at once, as from a streamed PUT, for the copier to wait 0.5-1.5 s (ThrottleWait) before
    /// sending the copy again. Retried here after 200 ms, the PUTs of a throttled bucket met its limit again before the
    /// shared rate had come down: SharedRequestRateTests counted 183-314 throttled answers for 5,000 objects, 41 without.
    /// </summary>
    public ResiliencePipeline RetryUnlessThrottled { get; }

    public ObjectStoreCapabilities Capabilities { get; }

    /// <summary>
    /// Over https a body is sent as it is, with an UNSIGNED-PAYLOAD SigV4 signature (TLS protects it, the MD5 checks
    /// verify it). Over plain http the SDK refuses unsigned payloads and streams non-seekable bodies as signed
    /// aws-chunked instead, which the built-in store and AWS accept.
    /// </summary>
    public bool UnsignedPayload => Endpoint.IsHttps;

    public void Dispose()
    {
        Sdk.Dispose();
        _httpClients.Dispose();
    }
}
