using System.Globalization;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private async Task CopyObjectAsync(S3Request r)
    {
        ObjectRequestHeaders.RefuseUnsupported(r.Headers);
        var source = CopySource.Parse(r.HeaderValue("x-amz-copy-source"));
        var replaceMetadata = Directive(r, "x-amz-metadata-directive");
        var replaceTags = Directive(r, "x-amz-tagging-directive");
        using var stored = OpenCopySource(r, source);
        CheckCopySourcePreconditions(r, stored.Info);
        if (source.Bucket == r.Bucket && source.Key == r.Key && source.VersionId is null && !replaceMetadata && !replaceTags)
            throw new S3Exception("InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        var directives = new CopyDirectives(
            replaceMetadata ? ObjectRequestHeaders.ReadHeaders(r.Headers) : null,
            replaceTags ? ObjectRequestHeaders.ReadTagging(r.Headers) : null);
        var result = await engine.CopyObjectAsync(r.Owner, stored, r.Bucket, r.Key, directives, r.Aborted,
                WithEncryption(r, WithAcl(r, WithLock(r, new ObjectWrite(), requireDigest: false))))
            .ConfigureAwait(false);
        WriteVersionId(r, result.VersionId);
        EncryptionHeaders.Write(r.Response.Headers, result.Encryption);
        if (source.VersionId is not null) r.Response.Headers["x-amz-copy-source-version-id"] = source.VersionId;
        var xml = new XmlResponse("CopyObjectResult")
            .Element("LastModified", result.LastModified)
            .Element("ETag", ObjectResponseHeaders.Quote(result.ETag));
        AppendChecksum(xml, result.Checksum);
        await xml.SendAsync(r.Response).ConfigureAwait(false);
    }

    private async Task UploadPartCopyAsync(S3Request r)
    {
        var uploadId = r.QueryValue("uploadId") ?? throw new S3Exception("NoSuchUpload");
        var partNumber = IntParameter(r, "partNumber", 0, 1, int.MaxValue);
        var source = CopySource.Parse(r.HeaderValue("x-amz-copy-source"));
        using var stored = OpenCopySource(r, source);
        CheckCopySourcePreconditions(r, stored.Info);
        if (source.VersionId is not null) r.Response.Headers["x-amz-copy-source-version-id"] = source.VersionId;
        var (first, length) = CopySourceRange(r.HeaderValue("x-amz-copy-source-range"), stored.Info.Size);
        var part = await engine.UploadPartCopyAsync(r.Owner, r.Bucket, r.Key, uploadId, partNumber, stored, first, length, r.Aborted,
            EncryptionHeaders.ReadCustomerKey(r.Headers)).ConfigureAwait(false);
        EncryptionHeaders.Write(r.Response.Headers, engine.GetUploadEncryption(r.Owner, r.Bucket, r.Key, uploadId)?.Encode());
        var xml = new XmlResponse("CopyPartResult")
            .Element("LastModified", part.LastModified)
            .Element("ETag", ObjectResponseHeaders.Quote(part.ETag));
        AppendChecksum(xml, part.Checksum);
        await xml.SendAsync(r.Response).ConfigureAwait(false);
    }

    /// <summary>The copy source, which the caller must be allowed to read (it may be another root's bucket).</summary>
    private StoredObject OpenCopySource(S3Request r, CopySource source)
    {
        var bucket = engine.FindBucket(source.Bucket);
        var action = source.VersionId is null ? "s3:GetObject" : "s3:GetObjectVersion";
        if (!authorizer.Allows(r.Http, r.Caller, source.Bucket, action, source.Key, "READ", objectAcl: true, source.VersionId))
            throw new S3Exception("AccessDenied");
        return engine.OpenObject(bucket.Owner, source.Bucket, source.Key, source.VersionId, EncryptionHeaders.ReadCustomerKey(r.Headers, copySource: true));
    }

    /// <summary>"bytes=first-last" within the source; the whole source when absent.</summary>
    private static (long First, long Length) CopySourceRange(string? header, long size)
    {
        if (header is null) return (0, size);
        var value = header.Trim();
        var dash = value.IndexOf('-');
        if (value.StartsWith("bytes=", StringComparison.Ordinal) && dash > 6
            && long.TryParse(value.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first <= last)
        {
            if (last >= size)
                throw new S3Exception("InvalidRange", $"Range specified is not valid for source object of size: {size}");
            return (first, last - first + 1);
        }
        throw new S3Exception("InvalidArgument",
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
    }

    private static void CheckCopySourcePreconditions(S3Request r, ObjectInfo source)
    {
        if (!Preconditions.CopySourceAllowed(r.HeaderValue("x-amz-copy-source-if-match"), r.HeaderValue("x-amz-copy-source-if-none-match"),
                r.HeaderValue("x-amz-copy-source-if-modified-since"), r.HeaderValue("x-amz-copy-source-if-unmodified-since"),
                source.ETag, source.LastModified))
            throw new S3Exception("PreconditionFailed");
    }

    /// <summary>True for REPLACE, false for COPY (the default); InvalidArgument otherwise.</summary>
    private static bool Directive(S3Request r, string header) => r.HeaderValue(header)?.Trim().ToUpperInvariant() switch
    {
        null or "COPY" => false,
        "REPLACE" => true,
        _ => throw new S3Exception("InvalidArgument", $"Unknown {header}."),
    };

    private static void AppendChecksum(XmlResponse xml, ObjectChecksum? checksum)
    {
        if (checksum is null) return;
        xml.Element(checksum.Algorithm.XmlElement(), checksum.Value);
    }
}
