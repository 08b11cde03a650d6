using Transporter.Store.Engine.Metadata;

namespace Transporter.Store.Engine;

/// <summary>
/// Bucket settings the engine stores without interpreting them: documents the protocol layer parses and validates
/// (ACL, policy, CORS, lifecycle, encryption, tagging, logging, ownership controls, public access block...), one per
/// name, read on every request from memory (all buckets' settings are cached; this process owns its data dir).
/// </summary>
public sealed partial class StorageEngine
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Bucket, string Name), string> _settings = new();

    /// <summary>The bucket's setting <paramref name="name"/>, or null when it has none.</summary>
    public string? GetBucketSetting(string owner, string bucket, string name)
    {
        GetBucket(owner, bucket);
        return BucketSetting(bucket, name);
    }

    /// <summary>The setting without the ownership check, for request authorization (policies, ACLs, CORS) that runs
    /// before the caller's rights are known.</summary>
    public string? BucketSetting(string bucket, string name) => _settings.TryGetValue((bucket, name), out var value) ? value : null;

    /// <summary>Stores (or, with null, removes) the bucket's setting <paramref name="name"/>.</summary>
    public async Task PutBucketSettingAsync(string owner, string bucket, string name, string? value, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        await _pool.WriteAsync(c =>
        {
            if (c.Command("SELECT 1 FROM buckets WHERE name = @b").Bind("@b", bucket).ExecuteScalar() is null)
                throw new StoreException(StoreErrorCode.NoSuchBucket);
            if (value is null)
            {
                c.Command("DELETE FROM bucket_settings WHERE bucket = @b AND name = @n").Bind("@b", bucket).Bind("@n", name).ExecuteNonQuery();
                _settings.TryRemove((bucket, name), out _);
            }
            else PutSetting(c, bucket, name, value);
            return 0;
        }, ct).ConfigureAwait(false);
    }

    private void PutSetting(MetadataConnection c, string bucket, string name, string value)
    {
        c.Command("INSERT INTO bucket_settings (bucket, name, value) VALUES (@b, @n, @v) ON CONFLICT (bucket, name) DO UPDATE SET value = @v")
            .Bind("@b", bucket).Bind("@n", name).Bind("@v", value).ExecuteNonQuery();
        _settings[(bucket, name)] = value;
    }

    private void LoadSettings()
    {
        using var lease = _pool.Read();
        using var reader = lease.Connection.Command("SELECT bucket, name, value FROM bucket_settings").ExecuteReader();
        while (reader.Read()) _settings[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
    }
}
