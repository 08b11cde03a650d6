using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

internal sealed partial class S3ObjectStore
{
    /// <summary>Same endpoint URL, type, access key and secret: the server can read the source with our credentials.</summary>
    public bool CanCopyFrom(IObjectStore source) =>
        source is S3ObjectStore other && other.Client.Endpoint.SameServerAndCredentials(client.Endpoint);

    public async Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        if (!CanCopyFrom(source))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "CopyNotPossible",
                $"a server-side copy into {client.Endpoint} needs a source on the same endpoint with the same credentials");
        // GCS copies objects of any size with one request and has no UploadPartCopy.
        if (sourceObject.Size > client.Options.MultipartCopyThreshold && !client.Endpoint.IsGcs)
            return await MultipartCopyAsync(source.Bucket, sourceObject, request, ct);

        var copy = new CopyObjectRequest
        {
            SourceBucket = source.Bucket,
            SourceKey = sourceObject.Key,
            DestinationBucket = bucket,
            DestinationKey = request.Key,
        };
        S3MetadataMapping.Apply(copy, request, client.Endpoint);
        var response = await CallAsync(token => client.Sdk.CopyObjectAsync(copy, token), request.Key, ct);
        var etag = S3MetadataMapping.Unquote(response.ETag);
        var kms = response.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AWSKMS;
        // A single-part object keeps its MD5 as ETag through a copy; anything else means the copy is not the source.
        if (!kms && S3MetadataMapping.IsMd5ETag(sourceObject.ETag) && S3MetadataMapping.IsMd5ETag(etag)
            && !string.Equals(etag, sourceObject.ETag, StringComparison.OrdinalIgnoreCase))
        {
            await DeleteQuietlyAsync(request.Key);
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "ETagMismatch",
                $"{request.Key}: the copy's ETag {etag} differs from the source's {sourceObject.ETag}");
        }
        var md5 = !kms && S3MetadataMapping.IsMd5ETag(etag) ? Convert.ToBase64String(Convert.FromHexString(etag!)) : sourceObject.ContentMd5;
        return new ObjectWriteResult(etag, md5, IsEncrypted(response.ServerSideEncryptionMethod, request));
    }

    /// <summary>UploadPartCopy in parallel ranges, for objects above CopyObject's 5 GiB limit.</summary>
    private async Task<ObjectWriteResult> MultipartCopyAsync(string sourceBucket, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        var size = sourceObject.Size;
        var partSize = Math.Max(client.Options.CopyPartSize, (size + Capabilities.MaxParts - 1) / Capabilities.MaxParts);
        var partCount = (int)((size + partSize - 1) / partSize);
        var parts = new UploadedPart[partCount];
        await using var upload = (S3MultipartUpload)await StartMultipartAsync(request, ct);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, partCount),
                new ParallelOptions { MaxDegreeOfParallelism = client.Options.CopyPartParallelism, CancellationToken = ct },
                async (index, token) =>
                {
                    var first = index * partSize;
                    var last = Math.Min(size, first + partSize) - 1;
                    parts[index] = await upload.CopyPartAsync(index + 1, sourceBucket, sourceObject.Key, first, last, token);
                });
            return await upload.CompleteAsync(parts, ct);
        }
        catch
        {
            // The parts copied so far must not linger in the bucket.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await upload.AbortAsync(timeout.Token);
            }
            catch (Exception e)
            {
                logger.LogWarning("aborting the multipart copy of {Bucket}/{Key} failed: {Error}", bucket, request.Key, e.Message);
            }
            throw;
        }
    }
}
