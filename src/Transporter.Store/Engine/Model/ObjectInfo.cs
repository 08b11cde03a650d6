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

    /// <summary>The stored version id: null for S3's "null" version (see <see cref="ObjectVersionIds"/>).</summary>
    public string? VersionId { get; init; }

    /// <summary>Order of the versions of one key (higher is newer).</summary>
    internal long Seq { get; init; }

    /// <summary>True for a delete marker (no bytes, no headers).</summary>
    public bool IsDeleteMarker { get; init; }

    /// <summary>True when this is the key's current version (what a GET without versionId reads).</summary>
    public bool IsLatest { get; init; } = true;

    /// <summary>Object lock retention: "GOVERNANCE" or "COMPLIANCE" until <see cref="RetainUntil"/>.</summary>
    public string? LockMode { get; init; }

    public DateTimeOffset? RetainUntil { get; init; }

    public bool LegalHold { get; init; }

    /// <summary>The version's access control list (encoded by the protocol layer); null for the owner's private default.</summary>
    public string? Acl { get; init; }

    /// <summary>How the bytes are encrypted at rest (encoded by the engine's encryption); null for plain.</summary>
    public string? Encryption { get; init; }

    /// <summary>The root (tenant) that wrote this version; null for the bucket owner.</summary>
    public string? Writer { get; init; }
}
