using System.Security.Cryptography;
using Amazon.S3.Model;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>
/// An S3 multipart upload. Parts may be sent concurrently; each is verified against its MD5 as it is sent, and the
/// completed object's composite ETag (MD5 of the part MD5s, "-N") against the parts. An upload its owner neither
/// completes nor aborts stays open for another process to resume by its upload id (ListParts tells what it holds).
/// </summary>
internal sealed class S3MultipartUpload(S3ObjectStore store, string key, string uploadId, bool encrypted) : IMultipartUpload
{
    private const int Open = 0, Completed = 1, Aborted = 2;
    private int _state;

    public string UploadId => uploadId;

    public async Task<IReadOnlyList<UploadedPart>> ListPartsAsync(CancellationToken ct)
    {
        var parts = new List<UploadedPart>();
        string? marker = null;
        while (true)
        {
            var request = new ListPartsRequest { BucketName = store.Bucket, Key = key, UploadId = uploadId, PartNumberMarker = marker };
            var page = await store.CallAsync(token => store.Client.Sdk.ListPartsAsync(request, token), key, ct);
            foreach (var part in page.Parts ?? [])
                parts.Add(new UploadedPart(part.PartNumber ?? 0, S3MetadataMapping.Unquote(part.ETag) ?? "", part.Size ?? 0));
            if (page.IsTruncated != true || page.NextPartNumberMarker is not { } next) return parts;
            marker = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async Task<UploadedPart> UploadPartAsync(int partNumber, Stream content, long length, CancellationToken ct)
    {
        if (partNumber < 1 || partNumber > store.Capabilities.MaxParts)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidPartNumber",
                $"part number {partNumber} is outside 1..{store.Capabilities.MaxParts}");
        using var body = new Md5ReadStream(content, length, seekableInPlace: true);
        var request = new UploadPartRequest
        {
            BucketName = store.Bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = body,
        };
        store.ConfigureBody(request);
        var response = await store.CallAsync(
            token => store.SendBodyOnceAsync(body, () => store.Client.Sdk.UploadPartAsync(request, token), key), key, ct);
        var etag = S3MetadataMapping.Unquote(response.ETag) ?? "";
        S3ObjectStore.VerifySent(body, length, etag, response.ServerSideEncryptionMethod, $"{key} part {partNumber}");
        return new UploadedPart(partNumber, etag, length, body.DigestBase64);
    }

    /// <summary>Server-side copy of bytes [first, last] of another object of the same endpoint as part <paramref name="partNumber"/>.</summary>
    internal async Task<UploadedPart> CopyPartAsync(int partNumber, string sourceBucket, string sourceKey, long first, long last, CancellationToken ct)
    {
        var request = new CopyPartRequest
        {
            SourceBucket = sourceBucket,
            SourceKey = sourceKey,
            DestinationBucket = store.Bucket,
            DestinationKey = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            FirstByte = first,
            LastByte = last,
        };
        var response = await store.CallAsync(token => store.Client.Sdk.CopyPartAsync(request, token), key, ct);
        return new UploadedPart(partNumber, S3MetadataMapping.Unquote(response.ETag) ?? "", last - first + 1);
    }

    public async Task<ObjectWriteResult> CompleteAsync(IReadOnlyList<UploadedPart> parts, CancellationToken ct)
    {
        var ordered = parts.OrderBy(p => p.PartNumber).ToList();
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = store.Bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = ordered.Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
        };
        var response = await store.CallAsync(token => store.Client.Sdk.CompleteMultipartUploadAsync(request, token), key, ct);
        Interlocked.Exchange(ref _state, Completed);
        var sse = response.ServerSideEncryptionMethod;
        var stored = encrypted || (sse is not null && sse != Amazon.S3.ServerSideEncryptionMethod.None && !string.IsNullOrEmpty(sse.Value));
        var etag = S3MetadataMapping.Unquote(response.ETag);
        try
        {
            VerifyComposite(ordered, etag);
        }
        catch (ObjectStoreException)
        {
            await store.DeleteQuietlyAsync(key);
            throw;
        }
        return new ObjectWriteResult(etag, null, stored);
    }

    public async Task AbortAsync(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _state, Aborted, Open) != Open) return;
        var request = new AbortMultipartUploadRequest { BucketName = store.Bucket, Key = key, UploadId = uploadId };
        try
        {
            await store.CallAsync(token => store.Client.Sdk.AbortMultipartUploadAsync(request, token), key, ct);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            // Already gone: completed or aborted by someone else, or expired by a lifecycle rule.
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// S3's multipart ETag is hex(MD5(part MD5 || part MD5 ...)) + "-" + part count. GCS assembles XML multipart
    /// uploads into composite objects whose ETag is not built that way, so it is not checked there.
    /// </summary>
    private void VerifyComposite(IReadOnlyList<UploadedPart> parts, string? etag)
    {
        if (store.Client.Endpoint.IsGcs || etag is null) return;
        var dash = etag.LastIndexOf('-');
        if (dash != 32 || !S3MetadataMapping.IsMd5ETag(etag[..dash])) return;
        var concatenated = new byte[parts.Count * 16];
        for (var i = 0; i < parts.Count; i++)
        {
            var digest = parts[i].ContentMd5 is { } md5 ? Convert.FromBase64String(md5)
                : S3MetadataMapping.IsMd5ETag(parts[i].ETag) ? Convert.FromHexString(parts[i].ETag)
                : null;
            if (digest is null) return;
            digest.CopyTo(concatenated, i * 16);
        }
        var expected = $"{Convert.ToHexStringLower(MD5.HashData(concatenated))}-{parts.Count}";
        if (!string.Equals(etag, expected, StringComparison.OrdinalIgnoreCase))
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "ETagMismatch",
                $"{key}: the server's multipart ETag {etag} does not match the parts sent ({expected})");
    }
}
