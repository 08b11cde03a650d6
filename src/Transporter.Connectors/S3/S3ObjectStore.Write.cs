using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

internal sealed partial class S3ObjectStore
{
    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        if (request.Size < 0 || request.Size > Capabilities.MaxSinglePutSize)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "EntityTooLarge",
                $"{request.Size} bytes cannot be written in one PUT (at most {Capabilities.MaxSinglePutSize}); use a multipart upload");
        if (client.DataPath is { } lean && request.Size <= S3DataPath.MaxPutBytes && S3DataPath.CanAddress(request.Key))
            return await WriteLeanAsync(lean, request, content, ct);
        using var body = new Md5ReadStream(content, request.Size, hash: false);
        var put = new PutObjectRequest
        {
            BucketName = bucket,
            Key = request.Key,
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
        };
        ConfigureBody(put, request.Size);
        S3MetadataMapping.Apply(put, request, client.Endpoint);

        var response = await CallAsync(token => SendBodyOnceAsync(body, () => client.Sdk.PutObjectAsync(put, token), request.Key), request.Key, ct);

        var etag = S3MetadataMapping.Unquote(response.ETag);
        if (body.BytesRead != request.Size)
        {
            await DeleteQuietlyAsync(request.Key);
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "IncompleteBody", $"{request.Key}: {body.BytesRead} of {request.Size} bytes were sent");
        }
        // What the destination says it stored: a single-part ETag is the MD5 of the content (not under SSE-KMS or SSE-C).
        return new ObjectWriteResult(etag, S3MetadataMapping.Md5OfETag(etag, response.ServerSideEncryptionMethod, null),
            IsEncrypted(response.ServerSideEncryptionMethod, request), response.VersionId);
    }

    /// <summary>
    /// <see cref="WriteAsync"/> of a small body without the SDK: the body is read first (exactly request.Size bytes),
    /// then sent with its SHA-256 signed, so a transient failure is retried with the same bytes (a throttled answer is
    /// surfaced at once: <see cref="S3Client.RetryUnlessThrottled"/>).
    /// </summary>
    private async Task<ObjectWriteResult> WriteLeanAsync(S3DataPath lean, ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        var headers = S3MetadataMapping.HeadersOf(request, client.Endpoint);
        var buffer = ArrayPool<byte>.Shared.Rent((int)request.Size);
        try
        {
            using (var body = new Md5ReadStream(content, request.Size, hash: false))
            {
                try
                {
                    await body.ReadExactlyAsync(buffer.AsMemory(0, (int)request.Size), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException && body.SourceFailure is not null)
                {
                    throw SourceFailureOf(body, e);
                }
            }
            var bytes = buffer.AsMemory(0, (int)request.Size);
            using var response = await CallAsync(token => lean.PutAsync(bucket, request.Key, headers, bytes, token), request.Key, ct,
                client.RetryUnlessThrottled);
            var etag = S3MetadataMapping.Unquote(RawResponseHeaders.Raw(response, "ETag"));
            var encryption = RawResponseHeaders.Raw(response, "x-amz-server-side-encryption") is { } sse ? ServerSideEncryptionMethod.FindValue(sse) : null;
            return new ObjectWriteResult(etag, S3MetadataMapping.Md5OfETag(etag, encryption, null), IsEncrypted(encryption, request),
                RawResponseHeaders.Raw(response, "x-amz-version-id"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = request.Key };
        S3MetadataMapping.Apply(initiate, request, client.Endpoint);
        var response = await CallAsync(token => client.Sdk.InitiateMultipartUploadAsync(initiate, token), request.Key, ct);
        return new S3MultipartUpload(this, request.Key, response.UploadId, IsEncrypted(response.ServerSideEncryptionMethod, request));
    }

    /// <summary>The upload's encryption is learnt again from CompleteMultipartUpload's answer.</summary>
    public Task<IMultipartUpload> ResumeMultipartAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct) =>
        Task.FromResult<IMultipartUpload>(new S3MultipartUpload(this, request.Key, uploadId, IsEncrypted(null, request)));

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        var request = new DeleteObjectRequest { BucketName = bucket, Key = key };
        try
        {
            await CallAsync(token => client.Sdk.DeleteObjectAsync(request, token), key, ct);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            // Deleting what is not there is done.
        }
    }

    /// <summary>Removes an object that failed its integrity check; a failure to do so is logged, not thrown.</summary>
    internal async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await DeleteAsync(key, CancellationToken.None);
        }
        catch (ObjectStoreException e)
        {
            logger.LogWarning("removing the unverified object {Bucket}/{Key} failed: {Details}", bucket, key, e.Details);
        }
    }

    /// <summary>Streams the body as it comes: see <see cref="S3Client.UnsignedPayload"/>.</summary>
    internal void ConfigureBody(PutObjectRequest put, long size)
    {
        put.Headers.ContentLength = size;
        put.UseChunkEncoding = !client.UnsignedPayload;
        if (client.UnsignedPayload) put.DisablePayloadSigning = true;
    }

    /// <summary>No PartSize: the SDK would wrap the body in a stream that must seek. The length comes from
    /// <see cref="Md5ReadStream.Length"/>.</summary>
    internal void ConfigureBody(UploadPartRequest part)
    {
        part.UseChunkEncoding = !client.UnsignedPayload;
        if (client.UnsignedPayload) part.DisablePayloadSigning = true;
    }

    /// <summary>
    /// Every byte was sent and the server stored what was sent: a single-part ETag is the MD5 of the content (except
    /// under SSE-KMS), so it must equal the MD5 computed while sending.
    /// </summary>
    internal static void VerifySent(Md5ReadStream body, long size, string? etag, ServerSideEncryptionMethod? encryption, string key)
    {
        if (body.BytesRead != size)
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "IncompleteBody",
                $"{key}: {body.BytesRead} of {size} bytes were sent");
        if (encryption == ServerSideEncryptionMethod.AWSKMS || encryption == ServerSideEncryptionMethod.AWSKMSDSSE) return;
        if (S3MetadataMapping.IsMd5ETag(etag) && !string.Equals(etag, body.DigestHex, StringComparison.OrdinalIgnoreCase))
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "ETagMismatch",
                $"{key}: the server's ETag {etag} is not the MD5 {body.DigestHex} of the bytes sent");
    }

    /// <summary>GCS encrypts every object at rest and sends no x-amz-server-side-encryption answer.</summary>
    private bool IsEncrypted(ServerSideEncryptionMethod? method, ObjectWriteRequest request) =>
        (method is not null && method != ServerSideEncryptionMethod.None && !string.IsNullOrEmpty(method.Value))
        || (client.Endpoint.IsGcs && request.ServerSideEncryption);
}
