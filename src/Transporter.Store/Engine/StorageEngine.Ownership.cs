using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>Gives the bucket to another root (the admin API's "owner" permission): its objects stay where they are.</summary>
    public async Task<BucketInfo> SetOwnerAsync(string bucket, string newOwner, CancellationToken ct)
    {
        FindBucket(bucket);
        await _pool.WriteAsync(c =>
        {
            var updated = c.Command("UPDATE buckets SET owner = @o WHERE name = @b").Bind("@o", newOwner).Bind("@b", bucket).ExecuteNonQuery();
            if (updated == 0) throw new StoreException(StoreErrorCode.NoSuchBucket);
            // Updated inside the writer's transaction, as versioning is, so no write sees the old owner after it commits.
            _buckets[bucket] = _buckets[bucket] with { Owner = newOwner };
            return 0;
        }, ct).ConfigureAwait(false);
        return FindBucket(bucket);
    }
}
