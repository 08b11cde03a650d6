using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The buckets <paramref name="owner"/> (a root) owns, by name.</summary>
    public IReadOnlyList<BucketInfo> ListBuckets(string owner) =>
        _buckets.Values.Where(b => b.Owner == owner).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    /// <summary>Every bucket of every root, by name (the admin API's view).</summary>
    public IReadOnlyList<BucketInfo> AllBuckets() => _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    /// <summary>The bucket, whoever owns it (NoSuchBucket): for authorization, which decides who may act on it.</summary>
    public BucketInfo FindBucket(string name) =>
        _buckets.TryGetValue(name, out var bucket) ? bucket : throw new StoreException(StoreErrorCode.NoSuchBucket);

    /// <summary>The bucket, or null when there is none of this name.</summary>
    public BucketInfo? FindBucketOrNull(string name) => _buckets.TryGetValue(name, out var bucket) ? bucket : null;

    /// <summary>The bucket, when it exists and <paramref name="owner"/> owns it (NoSuchBucket / AccessDenied).</summary>
    public BucketInfo GetBucket(string owner, string name)
    {
        if (!_buckets.TryGetValue(name, out var bucket)) throw new StoreException(StoreErrorCode.NoSuchBucket);
        if (bucket.Owner != owner) throw new StoreException(StoreErrorCode.AccessDenied);
        return bucket;
    }

    /// <param name="objectLock">x-amz-bucket-object-lock-enabled: the bucket is versioned from the start and stays so.</param>
    /// <param name="settings">Bucket settings stored with the bucket in the same transaction (canned ACL,
    /// replication policy...), by name.</param>
    public async Task<BucketInfo> CreateBucketAsync(
        string owner, string name, CancellationToken ct, bool objectLock = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        BucketNameRules.Validate(name);
        ThrowIfTaken(owner, name);
        var bucket = new BucketInfo(name, owner, FromMillis(Now()))
        {
            ObjectLockEnabled = objectLock,
            Versioning = objectLock ? VersioningState.Enabled : VersioningState.Unversioned,
        };
        var inserted = await _pool.WriteAsync(c =>
        {
            var added = c.Command("""
                    INSERT INTO buckets (name, owner, created, versioning, object_lock) VALUES (@name, @owner, @created, @versioning, @lock)
                    ON CONFLICT (name) DO NOTHING
                    """)
                .Bind("@name", name).Bind("@owner", owner).Bind("@created", bucket.Created.ToUnixTimeMilliseconds())
                .Bind("@versioning", objectLock ? "Enabled" : null).Bind("@lock", objectLock ? 1 : 0).ExecuteNonQuery();
            if (added > 0)
            {
                // A bucket of this name deleted earlier may have left settings behind.
                c.Command("DELETE FROM bucket_settings WHERE bucket = @b").Bind("@b", name).ExecuteNonQuery();
                foreach (var (setting, value) in settings ?? new Dictionary<string, string>())
                    PutSetting(c, name, setting, value);
            }
            return added;
        }, ct).ConfigureAwait(false);
        if (inserted == 0)
        {
            LoadBuckets();
            ThrowIfTaken(owner, name);
        }
        _buckets[name] = bucket;
        return bucket;
    }

    private void ThrowIfTaken(string owner, string name)
    {
        if (!_buckets.TryGetValue(name, out var existing)) return;
        throw new StoreException(existing.Owner == owner ? StoreErrorCode.BucketAlreadyOwnedByYou : StoreErrorCode.BucketAlreadyExists);
    }

    /// <summary>Deletes an empty bucket: BucketNotEmpty while it holds objects or multipart uploads in progress.</summary>
    public async Task DeleteBucketAsync(string owner, string name, CancellationToken ct)
    {
        GetBucket(owner, name);
        await _pool.WriteAsync(c =>
        {
            var hasObjects = c.Command("SELECT 1 FROM objects WHERE bucket = @b LIMIT 1").Bind("@b", name).ExecuteScalar() is not null
                || c.Command("SELECT 1 FROM object_versions WHERE bucket = @b LIMIT 1").Bind("@b", name).ExecuteScalar() is not null;
            var hasUploads = c.Command("SELECT 1 FROM uploads WHERE bucket = @b LIMIT 1").Bind("@b", name).ExecuteScalar() is not null;
            if (hasObjects || hasUploads) throw new StoreException(StoreErrorCode.BucketNotEmpty);
            c.Command("DELETE FROM completed_uploads WHERE bucket = @b").Bind("@b", name).ExecuteNonQuery();
            c.Command("DELETE FROM bucket_settings WHERE bucket = @b").Bind("@b", name).ExecuteNonQuery();
            foreach (var key in _settings.Keys.Where(k => k.Bucket == name).ToList()) _settings.TryRemove(key, out _);
            return c.Command("DELETE FROM buckets WHERE name = @b").Bind("@b", name).ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
        _buckets.TryRemove(name, out _);
    }

    /// <summary>Bytes and objects in the bucket, from the running totals every commit keeps.</summary>
    public BucketUsage GetBucketUsage(string owner, string name)
    {
        GetBucket(owner, name);
        using var lease = _pool.Read();
        using var reader = lease.Connection.Command("SELECT bytes, objects FROM buckets WHERE name = @b").Bind("@b", name).ExecuteReader();
        if (!reader.Read()) throw new StoreException(StoreErrorCode.NoSuchBucket);
        return new BucketUsage(reader.GetInt64(0), reader.GetInt64(1));
    }

    private void LoadBuckets()
    {
        using var lease = _pool.Read();
        using var reader = lease.Connection.Command("SELECT name, owner, created, versioning, object_lock FROM buckets").ExecuteReader();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var bucket = new BucketInfo(reader.GetString(0), reader.GetString(1), FromMillis(reader.GetInt64(2)))
            {
                Versioning = reader.GetNullableString(3) switch
                {
                    "Enabled" => VersioningState.Enabled,
                    "Suspended" => VersioningState.Suspended,
                    _ => VersioningState.Unversioned,
                },
                ObjectLockEnabled = reader.GetInt32(4) != 0,
            };
            _buckets[bucket.Name] = bucket;
            seen.Add(bucket.Name);
        }
        foreach (var name in _buckets.Keys)
            if (!seen.Contains(name)) _buckets.TryRemove(name, out _);
    }
}
