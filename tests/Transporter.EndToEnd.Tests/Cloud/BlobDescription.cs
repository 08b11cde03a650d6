namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// A blob as the Azure SDK reads it: properties, metadata exactly as stored (names and values unchanged), tags, and
/// the digests of its bytes when asked for. <see cref="ContentMd5"/> is Azure's stored Content-MD5 (none for blobs
/// committed as a block list without one).
/// </summary>
public sealed record BlobDescription
{
    public string Name { get; init; } = "";
    public long Size { get; init; }
    public string Etag { get; init; } = "";
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }
    public string? ContentMd5 { get; init; }
    public string? AccessTier { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>Upper-case hex of the downloaded bytes (describe --hash only).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Base64 MD5 of the downloaded bytes (describe --hash only).</summary>
    public string? Md5 { get; init; }

    /// <summary>The blob's fields in <see cref="ObjectProperties"/> form, metadata as stored.</summary>
    public ObjectProperties Properties => new()
    {
        ContentType = ContentType,
        CacheControl = CacheControl,
        ContentDisposition = ContentDisposition,
        ContentEncoding = ContentEncoding,
        ContentLanguage = ContentLanguage,
        Metadata = Metadata,
        Tags = Tags,
    };
}
