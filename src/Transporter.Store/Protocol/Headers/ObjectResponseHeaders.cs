using System.Globalization;
using Microsoft.AspNetCore.Http;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Headers;

/// <summary>The headers of a GET/HEAD object answer: stored headers (or response-* overrides), metadata, tag count,
/// and the checksum when asked for with x-amz-checksum-mode: ENABLED.</summary>
internal static class ObjectResponseHeaders
{
    public const string DefaultContentType = "binary/octet-stream";

    public static void Write(HttpResponse response, ObjectInfo info, IQueryCollection query, bool checksumMode)
    {
        var headers = response.Headers;
        WriteValidators(response, info);
        headers.AcceptRanges = "bytes";
        var stored = info.Headers;
        headers.ContentType = MimeEncodedWords.Encode(Override(query, "response-content-type") ?? stored.ContentType ?? DefaultContentType);
        SetIfAny(headers, "Cache-Control", Override(query, "response-cache-control") ?? stored.CacheControl);
        SetIfAny(headers, "Content-Disposition", Override(query, "response-content-disposition") ?? stored.ContentDisposition);
        SetIfAny(headers, "Content-Encoding", Override(query, "response-content-encoding") ?? stored.ContentEncoding);
        SetIfAny(headers, "Content-Language", Override(query, "response-content-language") ?? stored.ContentLanguage);
        SetIfAny(headers, "Expires", Override(query, "response-expires") ?? stored.Expires);
        foreach (var (name, value) in stored.UserMetadata) headers["x-amz-meta-" + name] = MimeEncodedWords.Encode(value);
        if (info.TagCount > 0) headers["x-amz-tagging-count"] = info.TagCount.ToString(CultureInfo.InvariantCulture);
        if (checksumMode) WriteChecksum(headers, info.Checksum);
        if (info.LockMode is not null && info.RetainUntil is { } until)
        {
            headers["x-amz-object-lock-mode"] = info.LockMode;
            headers["x-amz-object-lock-retain-until-date"] = S3Timestamps.Iso(until);
        }
        if (info.LegalHold) headers["x-amz-object-lock-legal-hold"] = "ON";
    }

    /// <summary>ETag and Last-Modified, also sent with 304 Not Modified.</summary>
    public static void WriteValidators(HttpResponse response, ObjectInfo info)
    {
        response.Headers.ETag = Quote(info.ETag);
        response.Headers.LastModified = S3Timestamps.Http(info.LastModified);
    }

    public static void WriteChecksum(IHeaderDictionary headers, ObjectChecksum? checksum)
    {
        if (checksum is null) return;
        headers[checksum.Algorithm.HeaderName()] = checksum.Value;
        headers["x-amz-checksum-type"] = checksum.Type == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT";
    }

    public static string Quote(string etag) => string.Concat("\"", etag, "\"");

    private static string? Override(IQueryCollection query, string name) =>
        query.Count > 0 && query.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    private static void SetIfAny(IHeaderDictionary headers, string name, string? value)
    {
        // A stored value (or a response-* override) with non-ASCII characters cannot go out raw; encoded, the object
        // stays readable.
        if (value is not null) headers[name] = MimeEncodedWords.Encode(value);
    }
}
