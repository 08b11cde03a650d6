namespace Transporter.Connectors.S3;

/// <summary>Tuning of the S3 provider. The defaults suit dozens of concurrent transfers per endpoint.</summary>
public sealed record S3ProviderOptions
{
    /// <summary>GetObject and small PutObject requests to path-style SigV4 endpoints go out as plain signed HTTP requests
    /// instead of through AWSSDK's pipeline (<see cref="S3DataPath"/>); false sends everything through the SDK.</summary>
    public bool LeanDataPath { get; init; } = true;

    /// <summary>Concurrent connections to one endpoint (per credentials). The copy engine runs many small transfers at once.</summary>
    public int MaxConnectionsPerServer { get; init; } = 256;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a transient error (throttling, 5xx, timeouts, connection failures) before it is surfaced.</summary>
    public int RetryAttempts { get; init; } = 5;

    /// <summary>First backoff delay; it grows exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Keys per ListObjectsV2 request (S3 answers at most 1,000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Server-side copies of larger objects use UploadPartCopy, since CopyObject stops at 5 GiB.</summary>
    public long MultipartCopyThreshold { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Part size of a multipart copy (raised when the object would need more than 10,000 parts).</summary>
    public long CopyPartSize { get; init; } = 512L * 1024 * 1024;

    /// <summary>UploadPartCopy requests in flight for one multipart copy.</summary>
    public int CopyPartParallelism { get; init; } = 4;
}
