namespace Transporter.Store.Engine.Model;

/// <summary>
/// The HTTP headers S3 stores with an object and returns on GET/HEAD, and the user metadata (x-amz-meta-*, names
/// lower-cased, without the prefix, in the order received).
/// </summary>
public sealed record ObjectHeaders
{
    public static readonly ObjectHeaders Empty = new();

    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }

    /// <summary>Kept verbatim as sent.</summary>
    public string? Expires { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> UserMetadata { get; init; } = [];

    /// <summary>S3's limit: 2 KB over the UTF-8 bytes of all user metadata names and values.</summary>
    public const int MaxUserMetadataBytes = 2048;

    public int UserMetadataBytes()
    {
        var total = 0;
        foreach (var (name, value) in UserMetadata)
            total += System.Text.Encoding.UTF8.GetByteCount(name) + System.Text.Encoding.UTF8.GetByteCount(value);
        return total;
    }

    /// <summary>True when nothing besides the content type is set (then no metadata blob is stored).</summary>
    internal bool OnlyContentType =>
        CacheControl is null && ContentDisposition is null && ContentEncoding is null && ContentLanguage is null
        && Expires is null && UserMetadata.Count == 0;
}
