using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The buckets <paramref name="owner"/> (a root) owns, by name.</summary>
    public IReadOnlyList<BucketInfo> ListBuckets(string owner) =>
        _buckets.Values.Where(b => b.Owner == owner).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    /// <summary>The bucket, when it exists and <paramref name="owner"/> owns it (NoSuchBucket / AccessDenied).</summary>
    public BucketInfo GetBucket(string owner, string name)
    {
        if (!_buckets.TryGetValue(name, out var bucket)) throw new StoreException(StoreErrorCode.NoSuchBucket);
        if (bucket.Owner != owner) throw new StoreException(StoreErrorCode.AccessDenied);
        return bucket;
    }

    public async Task<BucketInfo> CreateBucketAsync(string owner, string name, CancellationToken ct)
    {
        BucketNameRules.Validate(name);
        ThrowIfTaken(owner, name);
        var bucket = new BucketInfo(name, owner, FromMillis(Now()));
        var inserted = await _pool.WriteAsync(c => c.Command(
                "INSERT INTO buckets (name, owner, created) VALUES (@name, @owner, @created) ON CONFLICT (name) DO NOTHING")
            .Bind("@name", name).Bind("@owner", owner).Bind("@created", bucket.Created.ToUnixTimeMilliseconds())
            .ExecuteNonQuery(), ct).ConfigureAwait(false);
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
            var hasObjects = c.Command("SELECT 1 FROM objects WHERE bucket = @b LIMIT 1").Bind("@b", name).ExecuteScalar() is not null;
            var hasUploads = c.Command("SELECT 1 FROM uploads WHERE bucket = @b LIMIT 1").Bind("@b", name).ExecuteScalar() is not null;
            if (hasObjects || hasUploads) throw new StoreException(StoreErrorCode.BucketNotEmpty);
            c.Command("DELETE FROM completed_uploads WHERE bucket = @b").Bind("@b", name).ExecuteNonQuery();
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
        using var reader = lease.Connection.Command("SELECT name, owner, created FROM buckets").ExecuteReader();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var bucket = new BucketInfo(reader.GetString(0), reader.GetString(1), FromMillis(reader.GetInt64(2)));
            _buckets[bucket.Name] = bucket;
            seen.Add(bucket.Name);
        }
        foreach (var name in _buckets.Keys)
            if (!seen.Contains(name)) _buckets.TryRemove(name, out _);
    }
}
