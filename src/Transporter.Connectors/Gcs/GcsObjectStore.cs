using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Polly;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// One GCS bucket behind <see cref="IObjectStore"/>. Writes stream through one chunk-sized buffer: an object that
/// fits in a chunk goes in one multipart request; a larger one through a resumable session, chunk by chunk, and
/// after a transient failure the session is asked how many bytes it holds and the rest of the buffered chunk is
/// resent, so nothing is re-read from the (non-seekable) source.
/// </summary>
internal sealed class GcsObjectStore(GcsClient client, string bucket, int listPageSize, int chunkSize, ResiliencePipeline retry, ILogger log) : IObjectStore
{
    public string Bucket => bucket;

    internal GcsClient Client => client;

    public ObjectStoreCapabilities Capabilities { get; } = new()
    {
        // No parallel parts (that would need compose); one streaming resumable upload per object.
        MultipartUpload = false,
        MaxSinglePutSize = 5L * 1024 * 1024 * 1024 * 1024,
        Tags = false,
        ServerSideCopy = false,
        StorageClasses = true,
        Md5Digests = true,
    };

    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken ct)
    {
        string? pageToken = null;
        do
        {
            // startOffset is inclusive: the key equal to startAfter is skipped below.
            var page = await client.ListObjectsPageAsync(bucket, prefix, startAfter, pageToken, listPageSize, ct);
            foreach (var item in page.Items ?? [])
            {
                if (startAfter is not null && KeyOrder.Instance.Compare(item.Name, startAfter) <= 0) continue;
                yield return GcsMetadataMapping.ToSummary(item);
            }
            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        } while (pageToken is not null);
    }

    public async Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct) =>
        await client.GetObjectAsync(bucket, key, ct) is { } o ? GcsMetadataMapping.ToObjectMetadata(o) : null;

    /// <summary>Reads the metadata, then the media of exactly that generation, so both describe the same bytes.</summary>
    public async Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, CancellationToken ct)
    {
        var o = await client.GetObjectAsync(bucket, key, ct)
                ?? throw new ObjectStoreException(ObjectStoreErrorKind.NotFound, "notFound", $"No such object: {bucket}/{key}");
        var (content, length) = await client.DownloadAsync(bucket, key, o.Generation, range, ct);
        // A connection dropped mid-body is resumed from the next byte of the same generation.
        var body = new ResumingReadStream(content, length, async (offset, token) =>
        {
            var first = (range?.First ?? 0) + offset;
            var (rest, _) = await client.DownloadAsync(bucket, key, o.Generation, new ByteRange(first, range?.Last ?? GcsClient.SizeOf(o) - 1), token);
            return rest;
        }, GcsErrorMapping.IsTransient);
        return new ObjectDownload(GcsMetadataMapping.ToObjectMetadata(o), body, length);
    }

    /// <summary>Tags are kept as "transporter_tag_*" metadata entries (GCS has no tags).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct) =>
        await client.GetObjectAsync(bucket, key, ct) is { } o
            ? GcsMetadataMapping.Tags(o)
            : throw new ObjectStoreException(ObjectStoreErrorKind.NotFound, "notFound", $"No such object: {bucket}/{key}");

    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        var metadata = GcsMetadataMapping.ToGcsObject(request, bucket);
        using var source = new UploadContent(content, request.Size);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            GcsClient.GcsObject written;
            if (request.Size <= chunkSize)
            {
                var length = await source.ReadAtLeastAsync(buffer.AsMemory(0, (int)request.Size), (int)request.Size, throwOnEndOfStream: false, ct);
                written = await client.UploadMultipartAsync(bucket, metadata, buffer.AsMemory(0, length), ct);
            }
            else
            {
                written = await UploadResumableAsync(metadata, source, buffer, request.Size, ct);
            }
            var md5 = source.Md5Base64();
            if (written.Md5Hash is not null && written.Md5Hash != md5)
            {
                await client.DeleteObjectAsync(bucket, request.Key, CancellationToken.None);
                throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "md5Mismatch",
                    $"GCS stored MD5 {written.Md5Hash} for {request.Key}, the bytes sent have {md5}");
            }
            return new ObjectWriteResult(written.ETag, md5, true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<GcsClient.GcsObject> UploadResumableAsync(GcsClient.GcsObject metadata, UploadContent source, byte[] buffer, long size, CancellationToken ct)
    {
        var session = await client.StartResumableUploadAsync(bucket, metadata, size, ct);
        long bufferStart = 0; // the object offset of buffer[0]
        var buffered = 0;
        var stalls = 0;

        // The session holds bytes [0, held): forget the buffered ones it has.
        void Acknowledge(long held)
        {
            if (held < bufferStart || held > bufferStart + buffered)
                throw new ObjectStoreException(ObjectStoreErrorKind.Other, "uploadOutOfSync",
                    $"the upload session holds {held} bytes, but bytes {bufferStart}..{bufferStart + buffered} were being sent");
            var done = (int)(held - bufferStart);
            Buffer.BlockCopy(buffer, done, buffer, 0, buffered - done);
            buffered -= done;
            bufferStart = held;
        }

        while (true)
        {
            // Top the buffer up: every chunk but the last is then exactly chunkSize, a multiple of 256 KiB.
            var wanted = (int)Math.Min(chunkSize - buffered, size - bufferStart - buffered);
            if (wanted > 0) buffered += await source.ReadAtLeastAsync(buffer.AsMemory(buffered, wanted), wanted, throwOnEndOfStream: false, ct);
            var sentFrom = bufferStart;
            var resync = false;
            var status = await retry.ExecuteAsync(async token =>
            {
                if (resync)
                {
                    // The last attempt failed somewhere: ask what arrived and send only the rest.
                    var held = await client.QueryResumableUploadAsync(session, size, token);
                    if (held.Completed is not null) return held;
                    Acknowledge(held.Persisted);
                    if (buffered == 0) return held;
                }
                resync = true;
                return await client.PutChunkAsync(session, buffer.AsMemory(0, buffered), bufferStart, size, token);
            }, ct);
            if (status.Completed is not null) return status.Completed;
            Acknowledge(status.Persisted);
            stalls = bufferStart == sentFrom ? stalls + 1 : 0;
            if (stalls > 3)
                throw new ObjectStoreException(ObjectStoreErrorKind.Transient, "uploadStalled", $"the upload session kept none of the bytes sent from offset {bufferStart}");
            if (bufferStart == size)
            {
                var final = await client.QueryResumableUploadAsync(session, size, ct);
                return final.Completed ?? throw new ObjectStoreException(ObjectStoreErrorKind.Other, "uploadIncomplete", "GCS holds every byte but did not finish the object");
            }
            log.LogTrace("Resumable upload of {Key}: {Held} of {Size} bytes held", metadata.Name, bufferStart, size);
        }
    }

    public Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotSupported", "GCS objects are written with one streaming resumable upload");

    public bool CanCopyFrom(IObjectStore source) => false;

    public Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotSupported", "server-side copy is not offered for GCS");

    public Task DeleteAsync(string key, CancellationToken ct) => client.DeleteObjectAsync(bucket, key, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
