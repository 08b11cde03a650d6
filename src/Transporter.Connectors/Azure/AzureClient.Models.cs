namespace Transporter.Connectors.Azure;

internal sealed partial class AzureClient
{
    /// <summary>The blob's standard HTTP properties (Azure.Storage.Blobs' BlobHttpHeaders).</summary>
    public sealed record BlobHttpHeaders(
        string? ContentType = null, string? ContentEncoding = null, string? ContentLanguage = null,
        string? ContentDisposition = null, string? CacheControl = null, string? ContentMd5 = null);

    /// <summary>What Put Blob, Put Block List and Copy Blob set: headers, metadata (names already valid for Azure),
    /// index tags and the access tier.</summary>
    public sealed record BlobWriteOptions(
        BlobHttpHeaders Headers, IReadOnlyDictionary<string, string> Metadata, IReadOnlyDictionary<string, string> Tags, string? AccessTier);

    /// <summary>Get Blob Properties / the headers of Get Blob.</summary>
    public sealed record BlobProperties(
        long Size, DateTimeOffset LastModified, string? ETag, BlobHttpHeaders Headers, IReadOnlyDictionary<string, string> Metadata,
        string? AccessTier, int? TagCount, bool ServerEncrypted, string? BlobType, string? CopyStatus, string? CopyStatusDescription);

    /// <summary>One entry of List Blobs.</summary>
    public sealed record BlobItem(string Name, long Size, DateTimeOffset LastModified, string? ETag, string? AccessTier, string? ContentMd5);

    public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? NextMarker);

    public sealed record ContainerPage(IReadOnlyList<string> Names, string? NextMarker);

    /// <param name="ContentMd5">The Content-MD5 the service computed over the request body, when it reports one.</param>
    public sealed record BlobWriteResponse(string? ETag, string? ContentMd5, bool ServerEncrypted);

    /// <param name="Status">success, pending, aborted or failed.</param>
    public sealed record CopyResponse(string? ETag, string Status, string? StatusDescription);
}
