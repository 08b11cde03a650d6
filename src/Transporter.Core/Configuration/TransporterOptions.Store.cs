namespace Transporter.Core.Configuration;

public sealed partial class TransporterOptions
{
    /// <summary>
    /// Comma-separated base domains for virtual-host-style requests: a Host of "bucket.DOMAIN" addresses the bucket.
    /// Empty: the host of <see cref="S3Url"/> and "localhost" (so bucket.localhost:PORT works).
    /// </summary>
    public string? S3Domains { get; set; }

    /// <summary>MiB of memory holding the content of small hot objects (up to 64 KiB each); 0 turns it off.</summary>
    public int S3CacheMiB { get; set; } = 32;

    /// <summary>Seconds between two applications of the buckets' lifecycle rules.</summary>
    public int S3LifecycleSeconds { get; set; } = 3600;

    /// <summary>Seconds between two deliveries of server access logs.</summary>
    public int S3LogSeconds { get; set; } = 300;
}
