using Transporter.Core.Endpoints;
using GcsObject = Google.Apis.Storage.v1.Data.Object;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// GCS object resources &lt;-&gt; <see cref="ObjectMetadata"/> / <see cref="ObjectWriteRequest"/>. GCS custom
/// metadata takes any name and value, so user metadata carries over as is. What GCS has no field for is kept in
/// reserved metadata entries (docs/metadata-mapping.md):
/// <list type="bullet">
/// <item>Expires → "transporter_expires".</item>
/// <item>Tags (GCS has none) → one entry per tag, "transporter_tag_" + key; <see cref="IObjectStore.GetTagsAsync"/>
/// returns them, so S3 → GCS → S3 keeps tags, and GCS users see them as metadata.</item>
/// <item>A user name that itself starts with "transporter_" is stored as "transporter_m_" + name.</item>
/// </list>
/// </summary>
internal static class GcsMetadataMapping
{
    public const string ReservedPrefix = "transporter_";
    public const string ExpiresName = "transporter_expires";
    public const string TagPrefix = "transporter_tag_";
    private const string EscapedNamePrefix = "transporter_m_";

    public static GcsObject ToGcsObject(ObjectWriteRequest request, string bucket)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.UserMetadata)
            metadata[name.StartsWith(ReservedPrefix, StringComparison.Ordinal) ? EscapedNamePrefix + name : name] = value;
        if (!string.IsNullOrEmpty(request.Expires)) metadata[ExpiresName] = request.Expires;
        foreach (var (key, value) in request.Tags) metadata[TagPrefix + key] = value;
        return new GcsObject
        {
            Name = request.Key,
            Bucket = bucket,
            ContentType = request.ContentType,
            ContentEncoding = request.ContentEncoding,
            ContentLanguage = request.ContentLanguage,
            ContentDisposition = request.ContentDisposition,
            CacheControl = request.CacheControl,
            StorageClass = StorageClass(request.StorageClass),
            Md5Hash = request.ContentMd5,
            Metadata = metadata.Count > 0 ? metadata : null,
        };
    }

    public static ObjectMetadata ToObjectMetadata(GcsObject o)
    {
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        string? expires = null;
        var tags = 0;
        foreach (var (name, value) in o.Metadata ?? new Dictionary<string, string>())
        {
            if (name == ExpiresName) expires = value;
            else if (name.StartsWith(TagPrefix, StringComparison.Ordinal)) tags++;
            else if (name.StartsWith(EscapedNamePrefix, StringComparison.Ordinal)) user[name[EscapedNamePrefix.Length..]] = value;
            else user[name.ToLowerInvariant()] = value;
        }
        return new ObjectMetadata
        {
            Key = o.Name ?? "",
            Size = SizeOf(o),
            LastModified = o.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue,
            ETag = o.ETag,
            ContentMd5 = o.Md5Hash,
            Crc32c = o.Crc32c,
            ContentType = o.ContentType,
            CacheControl = o.CacheControl,
            ContentDisposition = o.ContentDisposition,
            ContentEncoding = o.ContentEncoding,
            ContentLanguage = o.ContentLanguage,
            Expires = expires,
            UserMetadata = user,
            StorageClass = o.StorageClass,
            TagCount = tags,
            // GCS encrypts every object at rest with Google-managed keys (or a KMS key).
            ServerSideEncrypted = true,
        };
    }

    public static IReadOnlyDictionary<string, string> Tags(GcsObject o) =>
        (o.Metadata ?? new Dictionary<string, string>()).Where(m => m.Key.StartsWith(TagPrefix, StringComparison.Ordinal))
            .ToDictionary(m => m.Key[TagPrefix.Length..], m => m.Value, StringComparer.Ordinal);

    public static ObjectSummary ToSummary(GcsObject o) =>
        new(o.Name ?? "", SizeOf(o), o.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue, o.ETag, o.StorageClass) { Generation = o.Generation };

    public static long SizeOf(GcsObject o) => (long)(o.Size ?? 0);

    /// <summary>The GCS storage class for a destination subtype (gcp-s3-standard/nearline/coldline), or a class name as is.</summary>
    public static string? StorageClass(string? storageClass)
    {
        if (string.IsNullOrEmpty(storageClass)) return null;
        if (StorageSubtype.Gcp.TryGetValue(storageClass, out var name)) return name;
        if (StorageSubtype.Gcp.Values.FirstOrDefault(c => c.Equals(storageClass, StringComparison.OrdinalIgnoreCase)) is { } known) return known;
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidStorageClass",
            $"storage class '{storageClass}' is not a GCS storage class (expected one of {string.Join(", ", StorageSubtype.Gcp.Keys)})");
    }
}
