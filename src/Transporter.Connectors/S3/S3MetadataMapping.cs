using System.Globalization;
using System.Net.Http.Headers;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>AWSSDK.S3 models to and from the port's records: content headers, class, encryption, tags (user metadata: <see cref="S3UserMetadata"/>).</summary>
internal static class S3MetadataMapping
{
    /// <summary>S3's own default when an object is written without a Content-Type (the SDK would send text/plain).</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public static ObjectSummary ToSummary(S3Object item) =>
        new(item.Key, item.Size ?? 0, ToOffset(item.LastModified), Unquote(item.ETag), item.StorageClass?.Value);

    public static ObjectMetadata ToMetadata(string key, GetObjectMetadataResponse head, RawResponseHeaders raw, S3Endpoint endpoint)
    {
        var entries = S3UserMetadata.Read(head.Metadata, endpoint);
        return new ObjectMetadata
        {
            Key = key,
            Size = head.ContentLength,
            LastModified = ToOffset(head.LastModified),
            ETag = Unquote(head.ETag),
            ContentMd5 = Md5OfETag(head.ETag, head.ServerSideEncryptionMethod, head.ServerSideEncryptionCustomerMethod),
            ContentType = raw.Get("Content-Type", head.Headers.ContentType),
            CacheControl = raw.Get("Cache-Control", head.Headers.CacheControl),
            ContentDisposition = raw.Get("Content-Disposition", head.Headers.ContentDisposition),
            ContentEncoding = raw.Get("Content-Encoding", head.Headers.ContentEncoding),
            ContentLanguage = raw.Get("Content-Language", head.ContentLanguage ?? head.Headers.ContentLanguage),
            Expires = entries.Expires ?? raw.Get("Expires", head.ExpiresString),
            UserMetadata = entries.User,
            StorageClass = head.StorageClass?.Value,
            TagCount = endpoint.IsGcs ? entries.Tags.Count : head.TagsCount,
            ServerSideEncrypted = endpoint.IsGcs || IsEncrypted(head.ServerSideEncryptionMethod),
        };
    }

    /// <summary>The metadata of a GET answer; for a ranged GET the size is the whole object's (from Content-Range).</summary>
    public static ObjectMetadata ToMetadata(string key, GetObjectResponse get, RawResponseHeaders raw, S3Endpoint endpoint)
    {
        var entries = S3UserMetadata.Read(get.Metadata, endpoint);
        return new ObjectMetadata
        {
            Key = key,
            Size = TotalSizeOf(get.ContentRange) ?? get.ContentLength,
            LastModified = ToOffset(get.LastModified),
            ETag = Unquote(get.ETag),
            ContentMd5 = Md5OfETag(get.ETag, get.ServerSideEncryptionMethod, get.ServerSideEncryptionCustomerMethod),
            ContentType = raw.Get("Content-Type", get.Headers.ContentType),
            CacheControl = raw.Get("Cache-Control", get.Headers.CacheControl),
            ContentDisposition = raw.Get("Content-Disposition", get.Headers.ContentDisposition),
            ContentEncoding = raw.Get("Content-Encoding", get.Headers.ContentEncoding),
            ContentLanguage = raw.Get("Content-Language", get.ContentLanguage ?? get.Headers.ContentLanguage),
            Expires = entries.Expires ?? raw.Get("Expires", get.ExpiresString),
            UserMetadata = entries.User,
            StorageClass = get.StorageClass?.Value,
            TagCount = endpoint.IsGcs ? entries.Tags.Count : get.TagCount,
            ServerSideEncrypted = endpoint.IsGcs || IsEncrypted(get.ServerSideEncryptionMethod),
        };
    }

    /// <summary>The metadata of a GET answer received without the SDK (<see cref="S3DataPath"/>): the same fields as from
    /// a <see cref="GetObjectResponse"/>, read from the headers as they came.</summary>
    public static ObjectMetadata ToMetadata(string key, HttpResponseMessage get, S3Endpoint endpoint)
    {
        var entries = S3UserMetadata.Read(MetadataHeaders(get), endpoint);
        var etag = RawResponseHeaders.Raw(get, "ETag");
        var encryption = RawResponseHeaders.Raw(get, "x-amz-server-side-encryption") is { } sse ? ServerSideEncryptionMethod.FindValue(sse) : null;
        var customer = RawResponseHeaders.Raw(get, "x-amz-server-side-encryption-customer-algorithm") is { } c ? ServerSideEncryptionCustomerMethod.FindValue(c) : null;
        var length = get.Content.Headers.ContentLength ?? -1;
        return new ObjectMetadata
        {
            Key = key,
            Size = TotalSizeOf(RawResponseHeaders.Raw(get, "Content-Range")) ?? length,
            LastModified = get.Content.Headers.LastModified?.ToUniversalTime() ?? DateTimeOffset.MinValue,
            ETag = Unquote(etag),
            ContentMd5 = Md5OfETag(etag, encryption, customer),
            ContentType = RawResponseHeaders.Raw(get, "Content-Type"),
            CacheControl = RawResponseHeaders.Raw(get, "Cache-Control"),
            ContentDisposition = RawResponseHeaders.Raw(get, "Content-Disposition"),
            ContentEncoding = RawResponseHeaders.Raw(get, "Content-Encoding"),
            ContentLanguage = RawResponseHeaders.Raw(get, "Content-Language"),
            Expires = entries.Expires ?? RawResponseHeaders.Raw(get, "Expires"),
            UserMetadata = entries.User,
            StorageClass = RawResponseHeaders.Raw(get, "x-amz-storage-class"),
            TagCount = endpoint.IsGcs ? entries.Tags.Count
                : int.TryParse(RawResponseHeaders.Raw(get, "x-amz-tagging-count"), NumberStyles.None, CultureInfo.InvariantCulture, out var tags) ? tags : 0,
            ServerSideEncrypted = endpoint.IsGcs || IsEncrypted(encryption),
        };
    }

    /// <summary>
    /// The headers of a PutObject sent without the SDK (<see cref="S3DataPath"/>), the same values as
    /// <see cref="Apply(PutObjectRequest, ObjectWriteRequest, S3Endpoint)"/> puts on the wire through the SDK. Checked
    /// first: a value that cannot be sent throws before anything is.
    /// </summary>
    public static List<KeyValuePair<string, string>> HeadersOf(ObjectWriteRequest request, S3Endpoint endpoint)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", ContentTypeOf(request)) };
        if (!endpoint.IsGcs && ExpiresOf(request) is { } expires) headers.Add(new("Expires", expires));
        if (request.CacheControl is not null) headers.Add(new("Cache-Control", request.CacheControl));
        if (request.ContentDisposition is not null) headers.Add(new("Content-Disposition", request.ContentDisposition));
        if (request.ContentEncoding is not null) headers.Add(new("Content-Encoding", request.ContentEncoding));
        if (request.ContentLanguage is not null) headers.Add(new("Content-Language", request.ContentLanguage));
        foreach (var (name, value) in S3UserMetadata.ToWrite(request, endpoint)) headers.Add(new("x-amz-meta-" + name, value));
        if (StorageClassOf(request.StorageClass, endpoint) is { } storageClass) headers.Add(new("x-amz-storage-class", storageClass.Value));
        if (EncryptionOf(request, endpoint) is { } encryption) headers.Add(new("x-amz-server-side-encryption", encryption.Value));
        if (TagsOf(request, endpoint) is { } tags)
            headers.Add(new("x-amz-tagging", string.Join('&', tags.Select(t => Uri.EscapeDataString(t.Key) + "=" + Uri.EscapeDataString(t.Value)))));
        if (request.ContentMd5 is not null) headers.Add(new("Content-MD5", request.ContentMd5));
        return headers;
    }

    private static IEnumerable<KeyValuePair<string, string>> MetadataHeaders(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers.NonValidated)
            if (S3UserMetadata.IsMetadataHeader(name)) yield return new(name, values.ToString());
    }

    public static void Apply(PutObjectRequest put, ObjectWriteRequest request, S3Endpoint endpoint)
    {
        put.ContentType = ContentTypeOf(request);
        put.Expires = endpoint.IsGcs ? null : ExpiresOf(request);
        ApplyHeaders(put.Headers, request);
        S3UserMetadata.Write(put.Metadata, request, endpoint);
        put.StorageClass = StorageClassOf(request.StorageClass, endpoint);
        put.ServerSideEncryptionMethod = EncryptionOf(request, endpoint);
        put.TagSet = TagsOf(request, endpoint);
        put.MD5Digest = request.ContentMd5;
    }

    public static void Apply(InitiateMultipartUploadRequest initiate, ObjectWriteRequest request, S3Endpoint endpoint)
    {
        initiate.ContentType = ContentTypeOf(request);
        initiate.Expires = endpoint.IsGcs ? null : ExpiresOf(request);
        ApplyHeaders(initiate.Headers, request);
        S3UserMetadata.Write(initiate.Metadata, request, endpoint);
        initiate.StorageClass = StorageClassOf(request.StorageClass, endpoint);
        initiate.ServerSideEncryptionMethod = EncryptionOf(request, endpoint);
        initiate.TagSet = TagsOf(request, endpoint);
    }

    /// <summary>A copy replaces the metadata and tags with the request's (MetadataDirective/TaggingDirective REPLACE).</summary>
    public static void Apply(CopyObjectRequest copy, ObjectWriteRequest request, S3Endpoint endpoint)
    {
        copy.MetadataDirective = S3MetadataDirective.REPLACE;
        copy.ContentType = ContentTypeOf(request);
        copy.Expires = endpoint.IsGcs ? null : ExpiresOf(request);
        ApplyHeaders(copy.Headers, request);
        S3UserMetadata.Write(copy.Metadata, request, endpoint);
        copy.StorageClass = StorageClassOf(request.StorageClass, endpoint);
        copy.ServerSideEncryptionMethod = EncryptionOf(request, endpoint);
        if (endpoint.IsGcs) return;
        copy.TaggingDirective = TaggingDirective.REPLACE;
        copy.TagSet = TagsOf(request, endpoint) ?? [];
    }

    /// <summary>
    /// The Content-Type as it will go on the wire. The SDK parses it into a MediaTypeHeaderValue (which rewrites its
    /// formatting, and throws for a value that is not a media type) after signing the original string, so a value it
    /// would rewrite breaks the signature. It is normalised the same way first; an unparseable one becomes S3's default.
    /// </summary>
    public static string ContentTypeOf(ObjectWriteRequest request) =>
        request.ContentType is { } value && MediaTypeHeaderValue.TryParse(value, out var parsed) ? parsed.ToString() : DefaultContentType;

    /// <summary>
    /// Expires as it will go on the wire: the SDK re-formats it as an RFC 1123 date and drops a value that is not a
    /// date, after signing the original string. A date is therefore sent in that form; anything else (HTTP allows
    /// e.g. "0") cannot pass through the SDK and is left out.
    /// </summary>
    public static string? ExpiresOf(ObjectWriteRequest request) =>
        request.Expires is { } value && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("r", CultureInfo.InvariantCulture)
            : null;

    /// <summary>The S3 storage class for a destination subtype (or class name); null (the bucket's default) when none is given.</summary>
    public static S3StorageClass? StorageClassOf(string? subtype, S3Endpoint endpoint)
    {
        if (string.IsNullOrEmpty(subtype)) return null;
        var classes = StorageSubtype.For(endpoint.Type);
        if (classes.TryGetValue(subtype, out var storageClass)) return S3StorageClass.FindValue(storageClass);
        // The class name itself is accepted too, as by the other providers.
        return classes.Values.FirstOrDefault(c => c.Equals(subtype, StringComparison.OrdinalIgnoreCase)) is { } name
            ? S3StorageClass.FindValue(name)
            : throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidStorageClass",
                $"subtype '{subtype}' is not valid for type {endpoint.Type} (expected one of {string.Join(", ", classes.Keys)})");
    }

    /// <summary>The ETag without the quotes S3 puts around it.</summary>
    public static string? Unquote(string? etag) => etag?.Trim('"');

    /// <summary>True for a single-part S3 ETag, which is the hex MD5 of the content.</summary>
    public static bool IsMd5ETag(string? etag)
    {
        var value = Unquote(etag);
        return value is { Length: 32 } && value.All(char.IsAsciiHexDigit);
    }

    public static DateTimeOffset ToOffset(DateTime? value) => value switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        var utc => new DateTimeOffset(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static void ApplyHeaders(HeadersCollection headers, ObjectWriteRequest request)
    {
        if (request.CacheControl is not null) headers.CacheControl = request.CacheControl;
        if (request.ContentDisposition is not null) headers.ContentDisposition = request.ContentDisposition;
        if (request.ContentEncoding is not null) headers.ContentEncoding = request.ContentEncoding;
        if (request.ContentLanguage is not null) headers.ContentLanguage = request.ContentLanguage;
    }

    private static ServerSideEncryptionMethod? EncryptionOf(ObjectWriteRequest request, S3Endpoint endpoint) =>
        request.ServerSideEncryption && !endpoint.IsGcs ? ServerSideEncryptionMethod.AES256 : null;

    private static List<Tag>? TagsOf(ObjectWriteRequest request, S3Endpoint endpoint) =>
        request.Tags.Count == 0 || endpoint.IsGcs ? null : request.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

    internal static bool IsEncrypted(ServerSideEncryptionMethod? method) =>
        method is not null && method != ServerSideEncryptionMethod.None && !string.IsNullOrEmpty(method.Value);

    /// <summary>Base64 MD5 from a single-part ETag; null where the ETag is not an MD5 (multipart, SSE-KMS, SSE-C).</summary>
    internal static string? Md5OfETag(string? etag, ServerSideEncryptionMethod? method, ServerSideEncryptionCustomerMethod? customer)
    {
        if (!IsMd5ETag(etag)) return null;
        if (method == ServerSideEncryptionMethod.AWSKMS || method == ServerSideEncryptionMethod.AWSKMSDSSE) return null;
        if (customer is not null && customer != ServerSideEncryptionCustomerMethod.None && !string.IsNullOrEmpty(customer.Value)) return null;
        return Convert.ToBase64String(Convert.FromHexString(Unquote(etag)!));
    }

    private static long? TotalSizeOf(string? contentRange)
    {
        // "bytes 0-99/1234"
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : null;
    }
}
