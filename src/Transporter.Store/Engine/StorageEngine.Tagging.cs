using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The tags of the current version, or of <paramref name="versionId"/>.</summary>
    public TagSet GetObjectTags(string owner, string bucket, string key, string? versionId = null)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        using var lease = _pool.Read();
        var (table, id) = LocateVersion(lease.Connection, bucket, key, keyBytes, versionId);
        return TagSet.ParseQueryString(lease.Connection.Command($"SELECT tags FROM {table} WHERE id = @id AND bucket = @b AND key = @k")
            .Bind("@id", id).Bind("@b", bucket).Bind("@k", keyBytes).ExecuteScalar() as string);
    }

    /// <summary>Replaces the tags of the current version or of <paramref name="versionId"/> (an empty set removes them).</summary>
    public async Task PutObjectTagsAsync(string owner, string bucket, string key, TagSet tags, CancellationToken ct, string? versionId = null)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        tags.Validate();
        await _pool.WriteAsync(c =>
        {
            var (table, id) = LocateVersion(c, bucket, key, keyBytes, versionId);
            return c.Command($"UPDATE {table} SET tags = @tags, tag_count = @n WHERE bucket = @b AND key = @k AND id = @id")
                .Bind("@tags", tags.Count == 0 ? null : tags.ToQueryString()).Bind("@n", tags.Count)
                .Bind("@b", bucket).Bind("@k", keyBytes).Bind("@id", id).ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
        _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, key));
    }

    public Task DeleteObjectTagsAsync(string owner, string bucket, string key, CancellationToken ct, string? versionId = null) =>
        PutObjectTagsAsync(owner, bucket, key, TagSet.Empty, ct, versionId);

    /// <summary>Replaces the ACL (protocol-encoded; null for the private default) of the current version or of <paramref name="versionId"/>.</summary>
    public async Task PutObjectAclAsync(string owner, string bucket, string key, string? versionId, string? acl, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        await _pool.WriteAsync(c =>
        {
            var (table, id) = LocateVersion(c, bucket, key, keyBytes, versionId);
            return c.Command($"UPDATE {table} SET acl = @acl WHERE bucket = @b AND key = @k AND id = @id")
                .Bind("@acl", acl).Bind("@b", bucket).Bind("@k", keyBytes).Bind("@id", id).ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
        _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, key));
    }

    /// <summary>The table and row id of the current version or of <paramref name="versionId"/> (NoSuchKey, NoSuchVersion,
    /// MethodNotAllowed for a delete marker).</summary>
    private static (string Table, string Id) LocateVersion(MetadataConnection c, string bucket, string key, byte[] keyBytes, string? versionId)
    {
        if (versionId is null)
        {
            var id = c.Command("SELECT id FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", keyBytes).ExecuteScalar() as string;
            return ("objects", id ?? throw NoSuchKey(c, bucket, keyBytes));
        }
        var info = FindVersion(c, bucket, key, keyBytes, ObjectVersionIds.Parse(versionId)) ?? throw new StoreException(StoreErrorCode.NoSuchVersion);
        if (info.IsDeleteMarker) throw new StoreException(StoreErrorCode.MethodNotAllowed) { DeleteMarkerVersionId = versionId, DeleteMarkerModified = info.LastModified };
        // FindVersion reads a data version as latest only from the "objects" row.
        return (info.IsLatest ? "objects" : "object_versions", info.Id);
    }

    /// <summary>The tags of exactly this version (empty when it was removed since it was read).</summary>
    private TagSet ReadTagsOf(ObjectInfo info)
    {
        if (info.TagCount == 0) return TagSet.Empty;
        using var lease = _pool.Read();
        var keyBytes = ObjectKeyRules.Encode(info.Key);
        foreach (var table in new[] { "objects", "object_versions" })
        {
            if (lease.Connection.Command($"SELECT tags FROM {table} WHERE bucket = @b AND key = @k AND id = @id")
                    .Bind("@b", info.Bucket).Bind("@k", keyBytes).Bind("@id", info.Id).ExecuteScalar() is string tags)
                return TagSet.ParseQueryString(tags);
        }
        return TagSet.Empty;
    }
}
