using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>What the destination is asked to write for a source object: its metadata and tags as read, the
/// destination's storage class and encryption, and the source's MD5 when known so the destination verifies it.</summary>
internal static class WriteRequestMapping
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    public static ObjectWriteRequest For(ObjectMetadata source, IReadOnlyDictionary<string, string>? tags, EndpointConfig destination, string? sourceMd5) => new()
    {
        Key = source.Key,
        Size = source.Size,
        ContentType = source.ContentType,
        CacheControl = source.CacheControl,
        ContentDisposition = source.ContentDisposition,
        ContentEncoding = source.ContentEncoding,
        ContentLanguage = source.ContentLanguage,
        Expires = source.Expires,
        UserMetadata = source.UserMetadata,
        Tags = tags ?? NoTags,
        StorageClass = string.IsNullOrEmpty(destination.Subtype) ? null : destination.Subtype,
        ServerSideEncryption = destination.ForceSseS3 == true,
        ContentMd5 = sourceMd5,
    };

    /// <summary>
    /// The source's MD5 as base64: the provider's Content-MD5, or else the ETag of an S3-family object when it is a
    /// plain hex MD5. An encrypted S3 object is left out: under SSE-KMS or SSE-C the ETag is 32 hex digits that are not
    /// the MD5 (the S3 provider already converts the ETag when it is one).
    /// </summary>
    public static string? SourceMd5(ObjectMetadata source, EndpointConfig sourceEndpoint)
    {
        if (!string.IsNullOrEmpty(source.ContentMd5)) return source.ContentMd5;
        if (source.ServerSideEncrypted || sourceEndpoint.Type is null || !EndpointType.IsS3Family(sourceEndpoint.Type)) return null;
        return Md5Digest.Base64FromHex(source.ETag);
    }

    /// <summary>True when any content header (system metadata) is carried over.</summary>
    public static bool HasSystemMetadata(ObjectWriteRequest request) =>
        !string.IsNullOrEmpty(request.ContentType) || !string.IsNullOrEmpty(request.CacheControl)
        || !string.IsNullOrEmpty(request.ContentDisposition) || !string.IsNullOrEmpty(request.ContentEncoding)
        || !string.IsNullOrEmpty(request.ContentLanguage) || !string.IsNullOrEmpty(request.Expires);
}
