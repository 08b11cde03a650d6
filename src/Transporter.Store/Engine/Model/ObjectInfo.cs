using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Model;

/// <summary>What the engine knows about one stored object (not its bytes).</summary>
public sealed record ObjectInfo
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }

    /// <summary>Generated id of this write of the key; a new id on every overwrite.</summary>
    public required string Id { get; init; }

    public required long Size { get; init; }

    /// <summary>Hex MD5 of the content, or "md5-of-md5s-N" for a multipart object; without quotes.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }
    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;
    public int TagCount { get; init; }
    public ObjectChecksum? Checksum { get; init; }

    /// <summary>Number of parts of a completed multipart upload; 0 for an object written in one piece.</summary>
    public int PartCount { get; init; }

    /// <summary>The single data file of a one-piece object (null for empty objects and manifests).</summary>
    internal string? BlobId { get; init; }
}
