namespace Transporter.Core.Storage;

/// <summary>
/// One bucket (container) at one endpoint, seen through what the copy engine needs. One implementation per
/// provider (S3 family, Azure, GCS). Errors are <see cref="ObjectStoreException"/>; the provider retries its own
/// transient errors (throttling, 5xx, timeouts) with backoff and jitter before throwing, so callers never retry ad hoc.
/// </summary>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>The bucket this store reads and writes.</summary>
    string Bucket { get; }

    ObjectStoreCapabilities Capabilities { get; }

    /// <summary>
    /// Objects whose keys start with <paramref name="prefix"/> and sort after <paramref name="startAfter"/>
    /// (when given), in <see cref="KeyOrder"/> (UTF-8 byte order). Pages are fetched lazily as the caller
    /// enumerates; nothing is held beyond one page. Throws <see cref="ObjectStoreErrorKind.BucketNotFound"/>.
    /// </summary>
    IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter, CancellationToken ct);

    /// <summary>Full metadata (without tags), or null when the object does not exist.</summary>
    Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct);

    /// <summary>
    /// Opens the object, or a byte range of it, as a stream. Throws <see cref="ObjectStoreErrorKind.NotFound"/>. With
    /// <paramref name="ifMatch"/>, only that version is read: another one throws
    /// <see cref="ObjectStoreErrorKind.VersionChanged"/> (when opening, or while reading if a dropped connection is resumed).
    /// </summary>
    Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, ExpectedVersion? ifMatch, CancellationToken ct);

    /// <summary>The object's tags; empty when it has none or the provider has no tags.</summary>
    Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct);

    /// <summary>Writes an object from exactly <see cref="ObjectWriteRequest.Size"/> bytes of <paramref name="content"/>
    /// (not necessarily seekable), with its metadata and tags, replacing any existing object.</summary>
    Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct);

    /// <summary>Starts an upload whose parts may be sent in parallel. Only when <see cref="ObjectStoreCapabilities.MultipartUpload"/>.</summary>
    Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct);

    /// <summary>Reopens an upload begun earlier, by this or another process, from its <see cref="IMultipartUpload.UploadId"/>,
    /// to write the same <paramref name="request"/>; nothing is sent until it is used. Only when
    /// <see cref="ObjectStoreCapabilities.ResumableUploads"/>.</summary>
    Task<IMultipartUpload> ResumeMultipartAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct);

    /// <summary>Begins a write of <paramref name="request"/> through a session that survives this process (nothing is sent
    /// until <see cref="IWriteSession.WriteAsync"/>). Only when <see cref="ObjectStoreCapabilities.ResumableWrites"/>.</summary>
    Task<IWriteSession> StartWriteSessionAsync(ObjectWriteRequest request, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotImplemented", $"{GetType().Name} has no write sessions");

    /// <summary>Reopens a write session begun earlier, by this or another process, from its <see cref="IWriteSession.UploadId"/>,
    /// for the object of <paramref name="request"/> (its key and size); nothing is sent until it is used. Only when
    /// <see cref="ObjectStoreCapabilities.ResumableWrites"/>.</summary>
    Task<IWriteSession> ResumeWriteSessionAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotImplemented", $"{GetType().Name} has no write sessions");

    /// <summary>True when <see cref="CopyFromAsync"/> can copy from <paramref name="source"/> without the bytes
    /// passing through this process (same endpoint and credentials).</summary>
    bool CanCopyFrom(IObjectStore source);

    /// <summary>Server-side copy of <paramref name="sourceObject"/> from <paramref name="source"/>, writing the
    /// metadata and tags of <paramref name="request"/>.</summary>
    Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct);

    /// <summary>Deletes the object; no error when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>
    /// Every version of the objects whose keys start with <paramref name="prefix"/> and sort after
    /// <paramref name="afterKey"/>, delete markers included: keys in <see cref="KeyOrder"/>, each key's versions oldest
    /// first (the order to write them again). Only when <see cref="ObjectStoreCapabilities.Versions"/>.
    /// </summary>
    IAsyncEnumerable<ObjectVersion> ListVersionsAsync(string prefix, string? afterKey, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotImplemented", $"{GetType().Name} does not list object versions");

    /// <summary>Opens one version of an object. Only when <see cref="ObjectStoreCapabilities.Versions"/>.</summary>
    Task<ObjectDownload> OpenVersionAsync(string key, string versionId, CancellationToken ct) =>
        throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "NotImplemented", $"{GetType().Name} does not read object versions");

    /// <summary>Deletes the object the way a versioned bucket does: a delete marker becomes its latest version; returns
    /// the marker's version id (null when the bucket keeps no versions, and the object is simply gone).</summary>
    async Task<string?> WriteDeleteMarkerAsync(string key, CancellationToken ct)
    {
        await DeleteAsync(key, ct).ConfigureAwait(false);
        return null;
    }
}
