namespace Transporter.Core.Storage;

/// <summary>An object's metadata as one provider reports it.</summary>
public sealed record ObjectMetadata
{
    public required string Key { get; init; }
    public required long Size { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Without quotes.</summary>
    public string? ETag { get; init; }

    /// <summary>Base64 MD5 of the whole content when the provider knows it (Azure/GCS Content-MD5, or a
    /// single-part S3 ETag converted).</summary>
    public string? ContentMd5 { get; init; }

    /// <summary>Base64 CRC32C (big-endian) of the whole content when the provider reports it (GCS's crc32c, which even a
    /// composite object without an MD5 has).</summary>
    public string? Crc32c { get; init; }

    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }

    /// <summary>The Expires header as sent (an HTTP date), kept verbatim.</summary>
    public string? Expires { get; init; }

    /// <summary>User metadata with names lower-cased and without provider prefixes (x-amz-meta-, x-ms-meta-).</summary>
    public IReadOnlyDictionary<string, string> UserMetadata { get; init; } = new Dictionary<string, string>();

    public string? StorageClass { get; init; }

    /// <summary>Number of tags when the provider reports it without a separate call; null when unknown.</summary>
    public int? TagCount { get; init; }

    /// <summary>True when server-side encryption is on for this object.</summary>
    public bool ServerSideEncrypted { get; init; }
}
