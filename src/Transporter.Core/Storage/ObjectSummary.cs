namespace Transporter.Core.Storage;

/// <summary>One entry of a listing.</summary>
/// <param name="ETag">Without quotes; an MD5 in hex for single-part S3 objects, "md5-N" for multipart ones.</param>
public sealed record ObjectSummary(string Key, long Size, DateTimeOffset LastModified, string? ETag, string? StorageClass = null)
{
    /// <summary>In a verify run's batch: what the destination's listing held for this key (null on copy runs, and on
    /// objects a retry verifies again, which are looked up anew).</summary>
    public ListedCounterpart? Counterpart { get; init; }

    /// <summary>GCS only: the object's generation as listed, which the copy reads exactly (<see cref="ExpectedVersion"/>).</summary>
    public long? Generation { get; init; }
}

/// <summary>The other side of a key in a comparison of two listings: the destination's entry (null when it has none),
/// or, when the key exists at the destination only, <see cref="OnlyAtDestination"/> (the summary is then the
/// destination's own).</summary>
public sealed record ListedCounterpart(ObjectSummary? Destination, bool OnlyAtDestination = false);
