namespace Transporter.Store.Protocol;

/// <summary>
/// Settings of the S3 protocol, bound from the "Transporter" section like the platform options, so that
/// TRANSPORTER_S3_DOMAINS reaches <see cref="S3Domains"/>.
/// </summary>
public sealed class S3StoreOptions
{
    /// <summary>
    /// Comma-separated base domains for virtual-host-style requests: a Host of "bucket.DOMAIN" addresses the bucket.
    /// Empty: the host of TRANSPORTER_S3_URL and "localhost" (so bucket.localhost:PORT works).
    /// </summary>
    public string? S3Domains { get; set; }

    /// <summary>MiB of memory holding the content of small hot objects (up to 64 KiB each); 0 turns it off
    /// (TRANSPORTER_S3_CACHE_MIB).</summary>
    public int S3CacheMiB { get; set; } = 64;

    /// <summary>Seconds between two applications of the buckets' lifecycle rules (TRANSPORTER_S3_LIFECYCLE_SECONDS).</summary>
    public int S3LifecycleSeconds { get; set; } = 3600;

    /// <summary>Seconds between two deliveries of server access logs (TRANSPORTER_S3_LOG_SECONDS).</summary>
    public int S3LogSeconds { get; set; } = 300;
}
