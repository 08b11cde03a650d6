using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    public TagSet GetObjectTags(string owner, string bucket, string key)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        using var lease = _pool.Read();
        using var r = lease.Connection.Command("SELECT tags FROM objects WHERE bucket = @b AND key = @k")
            .Bind("@b", bucket).Bind("@k", keyBytes).ExecuteReader();
        if (!r.Read()) throw new StoreException(StoreErrorCode.NoSuchKey);
        return TagSet.ParseQueryString(r.GetNullableString(0));
    }

    /// <summary>Replaces the object's tags (an empty set removes them).</summary>
    public async Task PutObjectTagsAsync(string owner, string bucket, string key, TagSet tags, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        tags.Validate();
        var updated = await _pool.WriteAsync(c => c.Command("UPDATE objects SET tags = @tags, tag_count = @n WHERE bucket = @b AND key = @k")
            .Bind("@tags", tags.Count == 0 ? null : tags.ToQueryString()).Bind("@n", tags.Count)
            .Bind("@b", bucket).Bind("@k", keyBytes).ExecuteNonQuery(), ct).ConfigureAwait(false);
        if (updated == 0) throw new StoreException(StoreErrorCode.NoSuchKey);
        _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, key));
    }

    public Task DeleteObjectTagsAsync(string owner, string bucket, string key, CancellationToken ct) =>
        PutObjectTagsAsync(owner, bucket, key, TagSet.Empty, ct);

    /// <summary>The tags of exactly this write of the key (empty when it was replaced since it was read).</summary>
    private TagSet ReadTagsOf(ObjectInfo info)
    {
        if (info.TagCount == 0) return TagSet.Empty;
        using var lease = _pool.Read();
        using var r = lease.Connection.Command("SELECT tags FROM objects WHERE bucket = @b AND key = @k AND id = @id")
            .Bind("@b", info.Bucket).Bind("@k", ObjectKeyRules.Encode(info.Key)).Bind("@id", info.Id).ExecuteReader();
        return r.Read() ? TagSet.ParseQueryString(r.GetNullableString(0)) : TagSet.Empty;
    }
}
