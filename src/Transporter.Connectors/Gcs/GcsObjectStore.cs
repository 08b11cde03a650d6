using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// One GCS bucket behind <see cref="IObjectStore"/>, through Google.Cloud.Storage.V1. Every write goes through a resumable
/// upload session (<see cref="GcsWriteSession"/>), one chunk of <c>chunkSize</c> bytes at a time: after a failed chunk
/// the session is asked what it holds and the rest of the chunk is resent, so nothing is re-read from the (non-seekable)
/// source; and a session begun by a process that died is continued by another from its URI (<see cref="ResumeWriteSessionAsync"/>).
/// </summary>
internal sealed class GcsObjectStore(GcsEndpoint endpoint, string bucket, int listPageSize, int chunkSize, ILogger log) : IObjectStore
{
    private StorageClient Client => endpoint.Client;

    public string Bucket => bucket;

    internal GcsEndpoint Endpoint => endpoint;

    public ObjectStoreCapabilities Capabilities { get; } = new()
    {
        // No parallel parts (that would need compose); one streaming resumable upload per object.
        MultipartUpload = false,
        ResumableWrites = true,
        MaxSinglePutSize = 5L * 1024 * 1024 * 1024 * 1024,
        Tags = false,
        ServerSideCopy = true,
        StorageClasses = true,
        Md5Digests = true,
    };

    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken ct)
    {
        // startOffset is inclusive: the key equal to startAfter is skipped below.
        var options = new ListObjectsOptions { PageSize = listPageSize, StartOffset = startAfter };
        var pages = Client.ListObjectsAsync(bucket, prefix.Length > 0 ? prefix : null, options).AsRawResponses().GetAsyncEnumerator(ct);
        try
        {
            while (await GcsErrorMapping.RunAsync(() => pages.MoveNextAsync().AsTask(), ObjectStoreErrorKind.BucketNotFound, ct))
            {
                foreach (var item in pages.Current.Items ?? [])
                {
                    if (startAfter is not null && KeyOrder.Instance.Compare(item.Name, startAfter) <= 0) continue;
                    yield return GcsMetadataMapping.ToSummary(item);
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    public async Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct)
    {
        try
        {
            var o = await GcsErrorMapping.RunAsync(() => Client.GetObjectAsync(bucket, key, cancellationToken: ct), ObjectStoreErrorKind.NotFound, ct);
            return GcsMetadataMapping.ToObjectMetadata(o);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Reads the metadata, then the media of exactly that generation, so both describe the same bytes. A version
    /// asked for is the listed generation (ifGenerationMatch) or, without one, an ETag the metadata must carry.</summary>
    public async Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, ExpectedVersion? ifMatch, CancellationToken ct)
    {
        var o = await GcsErrorMapping.RunAsync(() => Client.GetObjectAsync(bucket, key,
            new GetObjectOptions { IfGenerationMatch = ifMatch?.Generation }, cancellationToken: ct), ObjectStoreErrorKind.NotFound, ct);
        if (ifMatch is { Generation: null, ETag: { } etag } && o.ETag != etag)
            throw new ObjectStoreException(ObjectStoreErrorKind.VersionChanged, "conditionNotMet", $"{key} has ETag {o.ETag}, not {etag}");
        var size = GcsMetadataMapping.SizeOf(o);
        if (range is { } r && (r.First >= size || r.Last >= size))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "requestedRangeNotSatisfiable", $"{r} is outside the {size} bytes of {key}");
        var (first, last) = (range?.First ?? 0, range?.Last ?? size - 1);
        Stream From(long offset) => new GcsDownloadStream((destination, token) => Client.DownloadObjectAsync(bucket, key, destination, new DownloadObjectOptions
        {
            Generation = o.Generation,
            ChunkSize = chunkSize,
            Range = offset > 0 || range is not null ? new RangeHeaderValue(first + offset, last) : null,
        }, token));
        // The SDK retries a chunk whose request fails, not one whose body is cut midway: such a download is resumed
        // here from the next byte, of the same generation.
        var body = size == 0 ? From(0) : new ResumingReadStream(From(0), last - first + 1, (offset, _) => Task.FromResult(From(offset)),
            e => e is ObjectStoreException { Kind: ObjectStoreErrorKind.Transient });
        return new ObjectDownload(GcsMetadataMapping.ToObjectMetadata(o), body, range?.Length ?? size);
    }

    /// <summary>Tags are kept as "transporter_tag_*" metadata entries (GCS has no tags).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct) =>
        GcsMetadataMapping.Tags(await GcsErrorMapping.RunAsync(() => Client.GetObjectAsync(bucket, key, cancellationToken: ct), ObjectStoreErrorKind.NotFound, ct));

    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        // Not hashed here: the copier hashes the bytes once and compares that with the md5Hash GCS reports having stored.
        var written = await (await StartWriteSessionAsync(request, ct)).WriteAsync(0, content, ct);
        if (written.ContentMd5 is not null && request.ContentMd5 is { } announced && written.ContentMd5 != announced)
        {
            await DeleteAsync(request.Key, CancellationToken.None);
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "md5Mismatch",
                $"GCS stored MD5 {written.ContentMd5} for {request.Key}, the request announced {announced}");
        }
        log.LogTrace("Uploaded {Key} ({Size} bytes) to GCS", request.Key, request.Size);
        return written;
    }

    /// <summary>Starts a resumable upload session with the object's metadata (md5Hash, when known, which GCS checks when the
    /// last byte arrives) and its size, which GCS then holds the upload to.</summary>
    public async Task<IWriteSession> StartWriteSessionAsync(ObjectWriteRequest request, CancellationToken ct)
    {
        var metadata = GcsMetadataMapping.ToGcsObject(request, bucket);
        // GCS cannot be held to a length of 0 (null: any length); an empty upload ends with its first request anyway.
        var uri = await GcsErrorMapping.RunAsync(() => Client.InitiateUploadSessionAsync(metadata, request.Size > 0 ? request.Size : null,
            new UploadObjectOptions { ChunkSize = chunkSize }, ct), ObjectStoreErrorKind.BucketNotFound, ct);
        return new GcsWriteSession(endpoint, uri, request.Size, chunkSize);
    }

    /// <summary>Reopens a session from its URI; only one of this endpoint, whose requests carry this key's access token (a
    /// URI from elsewhere is NotFound: a new session is begun instead).</summary>
    public Task<IWriteSession> ResumeWriteSessionAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct)
    {
        if (!Uri.TryCreate(uploadId, UriKind.Absolute, out var uri)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), new Uri(endpoint.Root).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            throw new ObjectStoreException(ObjectStoreErrorKind.NotFound, "noSuchSession", $"the upload session of {request.Key} is not one of {endpoint.Root}");
        return Task.FromResult<IWriteSession>(new GcsWriteSession(endpoint, uri, request.Size, chunkSize));
    }

    public Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotSupported", "GCS objects are written with one streaming resumable upload");

    public Task<IMultipartUpload> ResumeMultipartAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct) =>
        StartMultipartAsync(request, ct);

    /// <summary>objects.rewrite runs inside GCS for buckets reached with the same key at the same endpoint.</summary>
    public bool CanCopyFrom(IObjectStore source) => source is GcsObjectStore gcs && gcs.Endpoint.SameAccountAs(endpoint);

    public async Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        if (source is not GcsObjectStore gcs || !CanCopyFrom(source))
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "CannotCopyFromSource", "server-side copy needs a GCS source reached with the same key");
        // The destination resource replaces the source's metadata whole: the copy carries exactly what the request says.
        var destination = GcsMetadataMapping.ToGcsObject(request, bucket);
        destination.Md5Hash = null;
        var copied = await GcsErrorMapping.RunAsync(() => Client.CopyObjectAsync(gcs.Bucket, sourceObject.Key, bucket, request.Key,
            new CopyObjectOptions { ExtraMetadata = destination }, ct), ObjectStoreErrorKind.NotFound, ct);
        return new ObjectWriteResult(copied.ETag, copied.Md5Hash, ServerSideEncrypted: true);
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        try
        {
            await GcsErrorMapping.RunAsync(async () => { await Client.DeleteObjectAsync(bucket, key, cancellationToken: ct); return true; }, ObjectStoreErrorKind.NotFound, ct);
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
