namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>A blob for <see cref="AzureBlobs.PutAsync"/> to upload from <paramref name="File"/>.</summary>
public sealed record BlobSpec(
    string Container, string Name, string File,
    string? ContentType = null, string? CacheControl = null, string? ContentDisposition = null, string? ContentEncoding = null, string? ContentLanguage = null,
    IReadOnlyDictionary<string, string>? Metadata = null, IReadOnlyDictionary<string, string>? Tags = null)
{
    public static BlobSpec For(string container, string name, ContentFile content, ObjectProperties? properties = null) => new(
        container, name, content.Path, properties?.ContentType, properties?.CacheControl, properties?.ContentDisposition,
        properties?.ContentEncoding, properties?.ContentLanguage, properties?.Metadata, properties?.Tags);
}
