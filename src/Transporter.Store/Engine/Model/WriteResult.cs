using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Model;

/// <summary>The outcome of a committed write (object or part).</summary>
public sealed record WriteResult(string ETag, long Size, DateTimeOffset LastModified, ObjectChecksum? Checksum)
{
    /// <summary>The new version's id as clients see it ("null" included); null when the bucket was never versioned.</summary>
    public string? VersionId { get; init; }

    /// <summary>The stored encryption of the new version (null when plain).</summary>
    public string? Encryption { get; init; }
}
