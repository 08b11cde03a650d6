using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using BlobAccessTier = Azure.Storage.Blobs.Models.AccessTier;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Azure blob properties &lt;-&gt; <see cref="ObjectMetadata"/> / <see cref="ObjectWriteRequest"/>.
/// Azure metadata names must be C# identifiers and values plain ASCII header text, while S3 names may hold
/// '-', '.', and values any UTF-8. The rules (docs/metadata-mapping.md):
/// <list type="bullet">
/// <item>A name that is an identifier of [A-Za-z0-9_] (not starting with a digit) and does not start with
/// <see cref="ReservedPrefix"/> is stored as is. Any other name is stored as "transporter_m_" + the name with every
/// byte outside [a-z0-9] written "_xx" (lower-case hex of its UTF-8 bytes): "content-id" → "transporter_m_content_2did".
/// Decoding reverses it exactly, so S3 → Azure → S3 keeps every name.</item>
/// <item>A value that is not printable ASCII, or has leading/trailing spaces, is stored RFC 2047 encoded
/// ("=?UTF-8?B?...?="), and decoded on read.</item>
/// <item>Expires (no Azure header) is kept in the metadata entry "transporter_expires".</item>
/// </list>
/// </summary>
internal static class AzureMetadataMapping
{
    public const string ReservedPrefix = "transporter_";
    public const string ExpiresName = "transporter_expires";
    private const string EncodedNamePrefix = "transporter_m_";
    private const string Rfc2047Prefix = "=?UTF-8?B?";
    private const string Rfc2047Suffix = "?=";

    public static AzureWriteOptions ToWriteOptions(ObjectWriteRequest request) => new(
        new BlobHttpHeaders
        {
            ContentType = request.ContentType,
            ContentEncoding = request.ContentEncoding,
            ContentLanguage = request.ContentLanguage,
            ContentDisposition = request.ContentDisposition,
            CacheControl = request.CacheControl,
            // Stored as the blob's MD5 (x-ms-blob-content-md5); the write checks it against what Azure received.
            ContentHash = Md5Bytes(request.ContentMd5),
        },
        ToAzureMetadata(request.UserMetadata, request.Expires),
        new Dictionary<string, string>(ValidTags(request.Tags)),
        TierName(request.StorageClass) is { } tier ? new BlobAccessTier(tier) : (BlobAccessTier?)null);

    /// <summary>A Content-MD5 must be the base64 of 16 bytes.</summary>
    private static byte[]? Md5Bytes(string? md5)
    {
        if (md5 is null) return null;
        var bytes = new byte[18];
        if (Convert.TryFromBase64String(md5, bytes, out var length) && length == 16) return bytes[..16];
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidMd5", $"'{md5}' is not a base64 MD5");
    }

    public static ObjectMetadata ToObjectMetadata(string key, BlobProperties properties) =>
        ToObjectMetadata(key, properties.ContentLength, properties.LastModified, properties.ETag, properties.ContentHash, properties.ContentType,
            properties.CacheControl, properties.ContentDisposition, properties.ContentEncoding, properties.ContentLanguage, properties.Metadata,
            properties.AccessTier, properties.TagCount, properties.IsServerEncrypted);

    /// <summary>The blob as a (ranged) download describes it: its whole size and MD5, not the range's.</summary>
    public static ObjectMetadata ToObjectMetadata(string key, BlobDownloadDetails details, bool ranged) =>
        ToObjectMetadata(key, ranged ? TotalSize(details.ContentRange) ?? details.ContentLength : details.ContentLength, details.LastModified,
            details.ETag, ranged ? details.BlobContentHash : details.ContentHash, details.ContentType, details.CacheControl,
            details.ContentDisposition, details.ContentEncoding, details.ContentLanguage, details.Metadata,
            details.AccessTier is { } tier ? new BlobAccessTier(tier) : (BlobAccessTier?)null, details.TagCount, details.IsServerEncrypted);

    private static ObjectMetadata ToObjectMetadata(
        string key, long size, DateTimeOffset lastModified, global::Azure.ETag etag, byte[]? md5, string? contentType, string? cacheControl,
        string? contentDisposition, string? contentEncoding, string? contentLanguage, IDictionary<string, string>? metadata,
        BlobAccessTier? tier, long tagCount, bool serverEncrypted)
    {
        var (userMetadata, expires) = FromAzureMetadata(metadata ?? new Dictionary<string, string>());
        return new ObjectMetadata
        {
            Key = key,
            Size = size,
            LastModified = lastModified,
            ETag = ETagText(etag),
            ContentMd5 = md5 is { Length: > 0 } ? Convert.ToBase64String(md5) : null,
            ContentType = NullIfEmpty(contentType),
            CacheControl = NullIfEmpty(cacheControl),
            ContentDisposition = NullIfEmpty(contentDisposition),
            ContentEncoding = NullIfEmpty(contentEncoding),
            ContentLanguage = NullIfEmpty(contentLanguage),
            Expires = expires,
            UserMetadata = userMetadata,
            StorageClass = tier?.ToString(),
            TagCount = (int)tagCount,
            ServerSideEncrypted = serverEncrypted,
        };
    }

    public static ObjectSummary ToSummary(BlobItem item) =>
        new(item.Name, item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.MinValue,
            item.Properties.ETag is { } etag ? ETagText(etag) : null, item.Properties.AccessTier?.ToString());

    /// <summary>Without quotes, as the port carries ETags.</summary>
    public static string? ETagText(global::Azure.ETag etag) => etag == default ? null : etag.ToString().Trim('"');

    /// <summary>"bytes 100-199/5000" → 5000.</summary>
    private static long? TotalSize(string? contentRange) =>
        contentRange is not null && contentRange.LastIndexOf('/') is var slash and > 0
        && long.TryParse(contentRange.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var total)
            ? total : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The Azure access tier for a destination subtype (azure-s3-hot/cool/archive), or an Azure tier name as is.</summary>
    public static string? TierName(string? storageClass)
    {
        if (string.IsNullOrEmpty(storageClass)) return null;
        if (StorageSubtype.Azure.TryGetValue(storageClass, out var tier)) return tier;
        if (StorageSubtype.Azure.Values.FirstOrDefault(t => t.Equals(storageClass, StringComparison.OrdinalIgnoreCase)) is { } name) return name;
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidStorageClass",
            $"storage class '{storageClass}' is not an Azure access tier (expected one of {string.Join(", ", StorageSubtype.Azure.Keys)})");
    }

    public static Dictionary<string, string> ToAzureMetadata(IReadOnlyDictionary<string, string> userMetadata, string? expires)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in userMetadata)
        {
            var azureName = EncodeName(name);
            if (!metadata.TryAdd(azureName, EncodeValue(value)))
                throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidMetadata",
                    $"metadata names '{name}' and another one differ only in case; Azure metadata names are case-insensitive");
        }
        if (!string.IsNullOrEmpty(expires)) metadata[ExpiresName] = EncodeValue(expires);
        return metadata;
    }

    public static (Dictionary<string, string> UserMetadata, string? Expires) FromAzureMetadata(IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        string? expires = null;
        foreach (var (name, value) in metadata)
        {
            if (name.Equals(ExpiresName, StringComparison.OrdinalIgnoreCase)) expires = DecodeValue(value);
            else user[DecodeName(name).ToLowerInvariant()] = DecodeValue(value);
        }
        return (user, expires);
    }

    public static string EncodeName(string name)
    {
        if (IsPlainIdentifier(name) && !name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)) return name;
        var encoded = new StringBuilder(EncodedNamePrefix);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9') encoded.Append((char)b);
            else encoded.Append('_').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }

    /// <summary>The original name; a name that is not in the encoded form (written by another tool) comes back as is.</summary>
    public static string DecodeName(string azureName)
    {
        if (!azureName.StartsWith(EncodedNamePrefix, StringComparison.OrdinalIgnoreCase)) return azureName;
        var body = azureName[EncodedNamePrefix.Length..];
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '_') { bytes.Add((byte)char.ToLowerInvariant(body[i])); continue; }
            if (i + 2 >= body.Length || !byte.TryParse(body.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
                return azureName;
            bytes.Add(b);
            i += 2;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return azureName;
        }
    }

    public static string EncodeValue(string value) =>
        NeedsEncoding(value) ? Rfc2047Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + Rfc2047Suffix : value;

    public static string DecodeValue(string value)
    {
        if (!value.StartsWith(Rfc2047Prefix, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(Rfc2047Suffix, StringComparison.Ordinal))
            return value;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[Rfc2047Prefix.Length..^Rfc2047Suffix.Length]));
        }
        catch (FormatException)
        {
            return value;
        }
    }

    /// <summary>
    /// Azure index tags: at most 10, keys 1-128 and values 0-256 characters of letters, digits, space and + - . / : = _.
    /// S3 also allows '@' and non-ASCII letters; such tags cannot be kept, and the write fails with InvalidTag
    /// before anything is sent rather than dropping them silently.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ValidTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > 10)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidTag", $"Azure blobs hold at most 10 tags; the object has {tags.Count}");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256 || !key.All(IsTagChar) || !value.All(IsTagChar))
                throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidTag",
                    $"tag '{key}'='{value}' cannot be an Azure blob index tag (keys 1-128, values 0-256 characters of a-z A-Z 0-9 space + - . / : = _)");
        }
        return tags;
    }

    private static bool IsTagChar(char c) => char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '-' or '.' or '/' or ':' or '=' or '_';

    private static bool IsPlainIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool NeedsEncoding(string value) =>
        value.Length > 0 && (value[0] == ' ' || value[^1] == ' ' || value.Any(c => c is < ' ' or > '~')
                             || value.StartsWith(Rfc2047Prefix, StringComparison.OrdinalIgnoreCase));
}
