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

    /// <summary>KiB up to which an object (not a part) is stored inside the metadata database instead of as a file; 0: every
    /// object is a file.</summary>
    public int S3InlineKiB { get; set; } = 64;

    /// <summary>Seconds between two applications of the buckets' lifecycle rules.</summary>
    public int S3LifecycleSeconds { get; set; } = 3600;

    /// <summary>Seconds between two deliveries of server access logs.</summary>
    public int S3LogSeconds { get; set; } = 300;

    /// <summary>The shortest DurationSeconds STS AssumeRole accepts: AWS's 900 (15 minutes); tests lower it to see
    /// temporary keys expire within seconds.</summary>
    public int StsMinDurationSeconds { get; set; } = 900;
}
