using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The object's metadata: the current version, or <paramref name="versionId"/> (NoSuchKey, NoSuchVersion,
    /// MethodNotAllowed for a delete marker's version).</summary>
    public ObjectInfo HeadObject(string owner, string bucket, string key, string? versionId = null)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        if (versionId is not null) return LoadVersion(bucket, key, keyBytes, versionId).Info;
        return LoadForRead(ReadLeases.NameOf(bucket, key), bucket, key, keyBytes).Info;
    }

    /// <summary>Opens the current version (or <paramref name="versionId"/>) for reading; its bytes stay readable until
    /// the result is disposed.</summary>
    /// <param name="customerKey">The SSE-C key of a version encrypted with one (InvalidRequest without it, AccessDenied for another).</param>
    public StoredObject OpenObject(string owner, string bucket, string key, string? versionId = null, byte[]? customerKey = null)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        var leaseName = ReadLeases.NameOf(bucket, key);
        // The lease comes before the metadata read: a writer superseding what we read then sees it and defers deletion.
        _leases.Acquire(leaseName);
        try
        {
            CachedObject Load() => versionId is null ? LoadForRead(leaseName, bucket, key, keyBytes) : LoadVersion(bucket, key, keyBytes, versionId);
            var cached = Load();
            byte[]? inline = null;
            // Inline bytes go with their row: read them now, while the row read is current (a version superseded in the
            // meantime has taken its bytes along; then the row is read again).
            for (var attempt = 1; InlineId(cached) is { } inlineId && (inline = LoadInline(inlineId)) is null; attempt++)
            {
                if (attempt == 3) throw new IOException($"the inline data of {bucket}/{key} kept changing while it was being read");
                _objects.Invalidate(leaseName);
                cached = Load();
            }
            return new StoredObject(cached.Info, _blobs, _contents, cached.Segments, () => ReleaseLease(leaseName), Decryptor(cached.Info, customerKey))
            {
                Inline = inline,
            };
        }
        catch
        {
            ReleaseLease(leaseName);
            throw;
        }
    }

    private static string? InlineId(CachedObject cached) =>
        cached.Segments is [var only] && InlineBlobs.IsInline(only.BlobId) ? only.BlobId : null;

    /// <summary>The bytes of an inline object, from the content cache or the database; null when they are gone (the
    /// version was deleted or replaced since its row was read).</summary>
    private byte[]? LoadInline(string inlineId)
    {
        if (_contents.TryGet(inlineId) is { } cached) return cached;
        byte[]? data;
        using (var lease = _pool.Read())
            data = lease.Connection.Command("SELECT data FROM inline_data WHERE id = @id").Bind("@id", inlineId).ExecuteScalar() as byte[];
        if (data is not null) _contents.Add(inlineId, data);
        return data;
    }

    /// <summary>The row and data file list of a key, from the cache or the database (NoSuchKey when absent).</summary>
    private CachedObject LoadForRead(string name, string bucket, string key, byte[] keyBytes)
    {
        if (_objects.TryGet(name, out var cached)) return cached;
        var generation = _objects.Generation;
        using var lease = _pool.Read();
        var c = lease.Connection;
        var info = ReadObject(c, bucket, key, keyBytes) ?? throw NoSuchKey(c, bucket, keyBytes);
        IReadOnlyList<BlobSegment> segments;
        if (info.BlobId is { } blobId) segments = [new BlobSegment(blobId, info.Size)];
        else if (info.PartCount == 0) segments = [];
        else
        {
            // Row and manifest from one snapshot, in case the key was replaced between the two reads.
            c.Execute("BEGIN");
            try
            {
                info = ReadObject(c, bucket, key, keyBytes) ?? throw NoSuchKey(c, bucket, keyBytes);
                segments = info.BlobId is { } id ? [new BlobSegment(id, info.Size)] : ReadManifest(c, info.Id);
            }
            finally
            {
                c.Execute("COMMIT");
            }
        }
        cached = new CachedObject(info, segments);
        _objects.Add(name, cached, generation);
        return cached;
    }

    /// <summary>NoSuchKey, telling about the delete marker that hides the key when there is one.</summary>
    private static StoreException NoSuchKey(MetadataConnection c, string bucket, byte[] key)
    {
        using var r = c.Command("SELECT version_id, modified, delete_marker FROM object_versions WHERE bucket = @b AND key = @k ORDER BY seq DESC LIMIT 1")
            .Bind("@b", bucket).Bind("@k", key).ExecuteReader();
        if (!r.Read() || r.GetInt32(2) == 0) return new StoreException(StoreErrorCode.NoSuchKey);
        return new StoreException(StoreErrorCode.NoSuchKey)
        {
            DeleteMarkerVersionId = ObjectVersionIds.Show(r.GetNullableString(0)),
            DeleteMarkerModified = FromMillis(r.GetInt64(1)),
        };
    }

    /// <summary>One version by id, current or not, with its data files (from one snapshot; never cached).</summary>
    private CachedObject LoadVersion(string bucket, string key, byte[] keyBytes, string versionId)
    {
        var stored = ObjectVersionIds.Parse(versionId);
        using var lease = _pool.Read();
        var c = lease.Connection;
        c.Execute("BEGIN");
        try
        {
            var info = FindVersion(c, bucket, key, keyBytes, stored) ?? throw new StoreException(StoreErrorCode.NoSuchVersion);
            if (info.IsDeleteMarker)
                throw new StoreException(StoreErrorCode.MethodNotAllowed, "The specified method is not allowed against this resource.")
                {
                    DeleteMarkerVersionId = versionId,
                    DeleteMarkerModified = info.LastModified,
                };
            IReadOnlyList<BlobSegment> segments = info.BlobId is { } id ? [new BlobSegment(id, info.Size)]
                : info.PartCount == 0 ? [] : ReadManifest(c, info.Id);
            return new CachedObject(info, segments);
        }
        finally
        {
            c.Execute("COMMIT");
        }
    }

    /// <summary>The version with stored id <paramref name="stored"/> (null: the "null" version), current or not.</summary>
    private static ObjectInfo? FindVersion(MetadataConnection c, string bucket, string key, byte[] keyBytes, string? stored)
    {
        if (ReadObject(c, bucket, key, keyBytes) is { } current && current.VersionId == stored) return current;
        using var r = c.Command("SELECT " + InfoColumns + ", delete_marker FROM object_versions WHERE bucket = @b AND key = @k AND version_id IS @v ORDER BY seq DESC LIMIT 1")
            .Bind("@b", bucket).Bind("@k", keyBytes).Bind("@v", stored).ExecuteReader();
        if (!r.Read()) return null;
        var info = ReadInfo(r, bucket, key, isLatest: false);
        // A delete marker with no current version above it is the latest version of the key.
        if (info.IsDeleteMarker && IsNewest(c, bucket, keyBytes, info.Seq)) info = info with { IsLatest = true };
        return info;
    }

    private static bool IsNewest(MetadataConnection c, string bucket, byte[] key, long seq) =>
        c.Command("SELECT 1 FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar() is null
        && c.Command("SELECT MAX(seq) FROM object_versions WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar() is long max
        && max == seq;

    /// <summary>Offset and length of part <paramref name="partNumber"/> (1-based) of the object; a one-piece object
    /// has just part 1. InvalidPartNumber beyond the last part.</summary>
    public (long Offset, long Length) GetPartRange(ObjectInfo info, int partNumber)
    {
        if (info.PartCount == 0)
            return partNumber == 1 ? (0, info.Size) : throw new StoreException(StoreErrorCode.InvalidPartNumber);
        if (partNumber > info.PartCount) throw new StoreException(StoreErrorCode.InvalidPartNumber);
        using var lease = _pool.Read();
        var segments = ReadManifest(lease.Connection, info.Id);
        if (segments.Count != info.PartCount) throw new StoreException(StoreErrorCode.NoSuchKey);
        var offset = segments.Take(partNumber - 1).Sum(s => s.Length);
        return (offset, segments[partNumber - 1].Length);
    }

    private void ReleaseLease(string leaseName)
    {
        if (_leases.Release(leaseName) is { } deferred) DeleteBlobs(deferred);
    }
}
