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
    private const int MaxCompleteBodyBytes = 4 * 1024 * 1024;

    private async Task CreateMultipartUploadAsync(S3Request r)
    {
        ObjectRequestHeaders.RefuseUnsupported(r.Headers);
        var write = WithEncryption(r, WithAcl(r, WithLock(r, new ObjectWrite { Headers = ObjectRequestHeaders.ReadHeaders(r.Headers), Tags = ObjectRequestHeaders.ReadTagging(r.Headers) },
            requireDigest: false)));
        var algorithm = ObjectRequestHeaders.ReadAlgorithmHeader(r.Headers);
        var type = r.HeaderValue("x-amz-checksum-type")?.Trim().ToUpperInvariant() switch
        {
            // CRC64NVME exists only as a full-object checksum; the others default to composite, as in S3.
            null => algorithm == ChecksumAlgorithm.Crc64Nvme ? ChecksumType.FullObject : ChecksumType.Composite,
            "COMPOSITE" => ChecksumType.Composite,
            "FULL_OBJECT" => ChecksumType.FullObject,
            var other => throw new S3Exception("InvalidRequest", $"Value for x-amz-checksum-type header is invalid: {other}"),
        };
        var upload = await engine.CreateMultipartUploadAsync(r.Owner, r.Bucket, r.Key, write, r.Caller?.UserName ?? "anonymous", algorithm, type, r.Aborted)
            .ConfigureAwait(false);
        EncryptionHeaders.Write(r.Response.Headers, write.Encrypt);
        if (algorithm is { } a)
        {
            r.Response.Headers["x-amz-checksum-algorithm"] = a.Name();
            r.Response.Headers["x-amz-checksum-type"] = type == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT";
        }
        await new XmlResponse("InitiateMultipartUploadResult")
            .Element("Bucket", r.Bucket).Element("Key", r.Key).Element("UploadId", upload.UploadId)
            .SendAsync(r.Response).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(S3Request r)
    {
        var uploadId = r.QueryValue("uploadId") ?? throw new S3Exception("NoSuchUpload");
        var partNumber = IntParameter(r, "partNumber", 0, 1, int.MaxValue);
        var integrity = ObjectRequestHeaders.ReadIntegrity(r.Headers, r.Auth);
        var length = r.RequireContentLength();
        var part = await engine.UploadPartAsync(r.Owner, r.Bucket, r.Key, uploadId, partNumber, r.Auth.Body, length, integrity, r.Aborted,
            EncryptionHeaders.ReadCustomerKey(r.Headers)).ConfigureAwait(false);
        EncryptionHeaders.Write(r.Response.Headers, engine.GetUploadEncryption(r.Owner, r.Bucket, r.Key, uploadId)?.Encode());
        r.Response.Headers.ETag = ObjectResponseHeaders.Quote(part.ETag);
        if (part.Checksum is { } checksum) r.Response.Headers[checksum.Algorithm.HeaderName()] = checksum.Value;
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task CompleteMultipartUploadAsync(S3Request r)
    {
        var uploadId = r.QueryValue("uploadId") ?? throw new S3Exception("NoSuchUpload");
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxCompleteBodyBytes, r.Aborted).ConfigureAwait(false);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "CompleteMultipartUpload") throw new S3Exception("MalformedXML");
        var parts = new List<CompletedPart>();
        foreach (var part in root.Children("Part"))
        {
            if (!int.TryParse(part.ChildValue("PartNumber"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                throw new S3Exception("MalformedXML");
            var etag = part.ChildValue("ETag") ?? throw new S3Exception("MalformedXML");
            var checksum = ChecksumAlgorithmNames.All.Select(a => part.ChildValue(a.XmlElement())).FirstOrDefault(v => v is not null);
            parts.Add(new CompletedPart(number, etag, checksum?.Trim()));
        }
        var condition = ObjectRequestHeaders.ReadWriteCondition(r.Headers);
        var result = await engine.CompleteMultipartUploadAsync(r.Owner, r.Bucket, r.Key, uploadId, parts, r.Aborted, condition).ConfigureAwait(false);
        WriteVersionId(r, result.VersionId);
        EncryptionHeaders.Write(r.Response.Headers, result.Encryption);
        var xml = new XmlResponse("CompleteMultipartUploadResult")
            .Element("Location", $"{r.Request.Scheme}://{r.Request.Host}{r.Target.Path}")
            .Element("Bucket", r.Bucket)
            .Element("Key", r.Key)
            .Element("ETag", ObjectResponseHeaders.Quote(result.ETag));
        if (result.Checksum is { } c)
        {
            xml.Element(c.Algorithm.XmlElement(), c.Value).Element("ChecksumType", c.Type == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT");
        }
        await xml.SendAsync(r.Response).ConfigureAwait(false);
    }

    private async Task AbortMultipartUploadAsync(S3Request r)
    {
        var uploadId = r.QueryValue("uploadId") ?? throw new S3Exception("NoSuchUpload");
        await engine.AbortMultipartUploadAsync(r.Owner, r.Bucket, r.Key, uploadId, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private Task ListPartsAsync(S3Request r)
    {
        var uploadId = r.QueryValue("uploadId") ?? throw new S3Exception("NoSuchUpload");
        var marker = IntParameter(r, "part-number-marker", 0, 0, StorageEngine.MaxPartNumber);
        var maxParts = IntParameter(r, "max-parts", StorageEngine.MaxListKeys, 0, StorageEngine.MaxListKeys);
        var page = engine.ListParts(r.Owner, r.Bucket, r.Key, uploadId, marker, maxParts);
        var upload = page.Upload;
        var xml = new XmlResponse("ListPartsResult")
            .Element("Bucket", r.Bucket).Element("Key", r.Key).Element("UploadId", uploadId)
            .Open("Initiator").Element("ID", upload.Initiator).Element("DisplayName", upload.Initiator).Close()
            .Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close()
            .Element("StorageClass", "STANDARD")
            .Element("PartNumberMarker", marker)
            .Element("NextPartNumberMarker", page.NextPartNumberMarker?.ToString(CultureInfo.InvariantCulture))
            .Element("MaxParts", maxParts)
            .Element("IsTruncated", page.IsTruncated);
        if (upload.ChecksumAlgorithm is { } algorithm)
            xml.Element("ChecksumAlgorithm", algorithm.Name()).Element("ChecksumType", upload.ChecksumType == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT");
        foreach (var part in page.Parts)
        {
            xml.Open("Part").Element("PartNumber", part.PartNumber).Element("LastModified", part.LastModified)
                .Element("ETag", ObjectResponseHeaders.Quote(part.ETag)).Element("Size", part.Size);
            if (part.Checksum is { } checksum) xml.Element(checksum.Algorithm.XmlElement(), checksum.Value);
            xml.Close();
        }
        return xml.SendAsync(r.Response);
    }

    private Task ListMultipartUploadsAsync(S3Request r)
    {
        var encode = EncodingType(r);
        var prefix = r.QueryValue("prefix") ?? "";
        var delimiter = r.QueryValue("delimiter");
        var keyMarker = r.QueryValue("key-marker");
        var uploadIdMarker = r.QueryValue("upload-id-marker");
        var maxUploads = IntParameter(r, "max-uploads", StorageEngine.MaxListKeys, 0, StorageEngine.MaxListKeys);
        var page = engine.ListMultipartUploads(r.Owner, r.Bucket, new ListUploadsQuery(prefix, delimiter, keyMarker, uploadIdMarker, maxUploads));
        var xml = new XmlResponse("ListMultipartUploadsResult")
            .Element("Bucket", r.Bucket)
            .Element("KeyMarker", UrlEncoding.Encode(keyMarker ?? "", encode))
            .Element("UploadIdMarker", uploadIdMarker ?? "")
            .Element("NextKeyMarker", UrlEncoding.Encode(page.NextKeyMarker ?? "", encode))
            .Element("NextUploadIdMarker", page.NextUploadIdMarker ?? "")
            .Element("Delimiter", UrlEncoding.Encode(delimiter, encode))
            .Element("Prefix", UrlEncoding.Encode(prefix, encode))
            .Element("MaxUploads", maxUploads)
            .Element("IsTruncated", page.IsTruncated)
            .Element("EncodingType", encode ? "url" : null);
        foreach (var upload in page.Uploads)
        {
            xml.Open("Upload").Element("Key", UrlEncoding.Encode(upload.Key, encode)).Element("UploadId", upload.UploadId)
                .Open("Initiator").Element("ID", upload.Initiator).Element("DisplayName", upload.Initiator).Close()
                .Open("Owner").Element("ID", r.Owner).Element("DisplayName", r.Owner).Close()
                .Element("StorageClass", "STANDARD").Element("Initiated", upload.Initiated);
            if (upload.ChecksumAlgorithm is { } a) xml.Element("ChecksumAlgorithm", a.Name());
            xml.Close();
        }
        foreach (var common in page.CommonPrefixes)
            xml.Open("CommonPrefixes").Element("Prefix", UrlEncoding.Encode(common, encode)).Close();
        return xml.SendAsync(r.Response);
    }
}
