using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The object's metadata (NoSuchKey when absent).</summary>
    public ObjectInfo HeadObject(string owner, string bucket, string key)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        return LoadForRead(ReadLeases.NameOf(bucket, key), bucket, key, keyBytes).Info;
    }

    /// <summary>Opens the object for reading; its bytes stay readable until the result is disposed.</summary>
    public StoredObject OpenObject(string owner, string bucket, string key)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        var leaseName = ReadLeases.NameOf(bucket, key);
        // The lease comes before the metadata read: a writer superseding what we read then sees it and defers deletion.
        _leases.Acquire(leaseName);
        try
        {
            var cached = LoadForRead(leaseName, bucket, key, keyBytes);
            return new StoredObject(cached.Info, _blobs, _contents, cached.Segments, () => ReleaseLease(leaseName));
        }
        catch
        {
            ReleaseLease(leaseName);
            throw;
        }
    }

    /// <summary>The row and data file list of a key, from the cache or the database (NoSuchKey when absent).</summary>
    private CachedObject LoadForRead(string name, string bucket, string key, byte[] keyBytes)
    {
        if (_objects.TryGet(name, out var cached)) return cached;
        var generation = _objects.Generation;
        using var lease = _pool.Read();
        var c = lease.Connection;
        var info = ReadObject(c, bucket, key, keyBytes) ?? throw new StoreException(StoreErrorCode.NoSuchKey);
        IReadOnlyList<BlobSegment> segments;
        if (info.BlobId is { } blobId) segments = [new BlobSegment(blobId, info.Size)];
        else if (info.PartCount == 0) segments = [];
        else
        {
            // Row and manifest from one snapshot, in case the key was replaced between the two reads.
            c.Execute("BEGIN");
            try
            {
                info = ReadObject(c, bucket, key, keyBytes) ?? throw new StoreException(StoreErrorCode.NoSuchKey);
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
