using Microsoft.AspNetCore.Http;
using Transporter.Identity.Signatures;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Headers;

/// <summary>Reads what a write request says about the object: stored headers, user metadata, tags, and the digests
/// the bytes must match (Content-MD5, x-amz-checksum-* as header or aws-chunked trailer).</summary>
internal static class ObjectRequestHeaders
{
    private const string MetaPrefix = "x-amz-meta-";

    public static ObjectHeaders ReadHeaders(IHeaderDictionary headers)
    {
        List<KeyValuePair<string, string>>? metadata = null;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase) || name.Length == MetaPrefix.Length) continue;
            // S3 decodes RFC 2047 encoded-words before storing (and encodes non-ASCII values on the way out).
            (metadata ??= []).Add(new(name[MetaPrefix.Length..].ToLowerInvariant(), MimeEncodedWords.Decode(values.ToString())));
        }
        return new ObjectHeaders
        {
            ContentType = NullIfEmpty(headers.ContentType),
            CacheControl = NullIfEmpty(headers.CacheControl),
            ContentDisposition = NullIfEmpty(headers.ContentDisposition),
            ContentEncoding = WithoutAwsChunked(headers.ContentEncoding),
            ContentLanguage = NullIfEmpty(headers.ContentLanguage),
            Expires = NullIfEmpty(headers.Expires),
            UserMetadata = metadata ?? [],
        };
    }

    public static TagSet ReadTagging(IHeaderDictionary headers) => TagSet.ParseQueryString(NullIfEmpty(headers["x-amz-tagging"]));

    /// <summary>Content-MD5 and the additional checksum of a PUT or UploadPart.</summary>
    public static WriteIntegrity ReadIntegrity(IHeaderDictionary headers, AuthResult auth)
    {
        var md5 = ReadContentMd5(headers);
        ChecksumAlgorithm? algorithm = null;
        string? expected = null;
        foreach (var candidate in ChecksumAlgorithmNames.All)
        {
            var value = NullIfEmpty(headers[candidate.HeaderName()]);
            if (value is null) continue;
            if (algorithm is not null)
                throw new S3Exception("InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            algorithm = candidate;
            expected = value;
        }

        Func<string?>? trailing = null;
        if (NullIfEmpty(headers["x-amz-trailer"]) is { } trailer)
        {
            var name = trailer.Trim().ToLowerInvariant();
            var trailerAlgorithm = ChecksumAlgorithmNames.All.Cast<ChecksumAlgorithm?>().FirstOrDefault(a => a!.Value.HeaderName() == name)
                ?? throw new S3Exception("InvalidRequest", $"The value specified in the x-amz-trailer header is not supported: {trailer}");
            if (algorithm is not null && algorithm != trailerAlgorithm)
                throw new S3Exception("InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            algorithm = trailerAlgorithm;
            trailing = () =>
            {
                var trailers = auth.Trailers();
                foreach (var (key, value) in trailers)
                    if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value.Trim();
                throw new S3Exception("InvalidRequest", $"The x-amz-trailer header announced {name}, but the body had no such trailer.");
            };
        }

        if (ReadAlgorithmHeader(headers) is { } declared)
        {
            if (algorithm is not null && algorithm != declared)
                throw new S3Exception("InvalidRequest", $"Value for x-amz-sdk-checksum-algorithm header is invalid: the checksum sent is not {declared.Name()}.");
            algorithm = declared;
        }
        return new WriteIntegrity { ContentMd5 = md5, ChecksumAlgorithm = algorithm, ExpectedChecksum = expected, TrailingChecksum = trailing };
    }

    /// <summary>x-amz-sdk-checksum-algorithm or x-amz-checksum-algorithm, when present.</summary>
    public static ChecksumAlgorithm? ReadAlgorithmHeader(IHeaderDictionary headers)
    {
        var name = NullIfEmpty(headers["x-amz-sdk-checksum-algorithm"]) ?? NullIfEmpty(headers["x-amz-checksum-algorithm"]);
        if (name is null) return null;
        if (ChecksumAlgorithmNames.TryParse(name, out var algorithm)) return algorithm;
        throw new S3Exception("InvalidRequest", $"Checksum algorithm provided is unsupported: {name}");
    }

    public static byte[]? ReadContentMd5(IHeaderDictionary headers)
    {
        var value = NullIfEmpty(headers["Content-MD5"]);
        if (value is null) return null;
        try
        {
            var bytes = Convert.FromBase64String(value.Trim());
            if (bytes.Length == 16) return bytes;
        }
        catch (FormatException)
        {
        }
        throw new S3Exception("InvalidDigest");
    }

    /// <summary>
    /// Refuses write options this store does not implement instead of silently ignoring them.
    /// </summary>
    public static void RefuseUnsupported(IHeaderDictionary headers)
    {
        foreach (var name in UnsupportedHeaders)
            if (headers.ContainsKey(name))
                throw new S3Exception("NotImplemented", $"The {name} header is not implemented by this store.");
    }

    private static readonly string[] UnsupportedHeaders =
    [
        "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-context", "x-amz-website-redirect-location",
    ];

    /// <summary>If-Match / If-None-Match of a write (PUT, CompleteMultipartUpload). S3 accepts only "*" in
    /// If-None-Match; other values are NotImplemented.</summary>
    public static WriteCondition? ReadWriteCondition(IHeaderDictionary headers)
    {
        var ifMatch = NullIfEmpty(headers.IfMatch);
        var ifNoneMatch = NullIfEmpty(headers.IfNoneMatch)?.Trim();
        if (ifMatch is null && ifNoneMatch is null) return null;
        if (ifNoneMatch is not null && ifNoneMatch != "*")
            throw new S3Exception("NotImplemented", "A header you provided implies functionality that is not implemented: If-None-Match accepts only *.");
        return new WriteCondition(ifMatch?.Trim(), ifNoneMatch is not null);
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 0 || string.IsNullOrEmpty(value[0]) ? null : value.ToString();

    /// <summary>aws-chunked is transfer framing the authenticator removed; only the encodings after it are the object's.</summary>
    private static string? WithoutAwsChunked(Microsoft.Extensions.Primitives.StringValues value)
    {
        var text = NullIfEmpty(value);
        if (text is null || !text.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase)) return text;
        var rest = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        var joined = string.Join(",", rest);
        return joined.Length == 0 ? null : joined;
    }
}
