using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// Bucket quotas (maxSize, maxObjects), checked inside the writer's transaction against the bucket's running totals:
/// writes are serialized by the metadata writer, so the limits hold exactly under concurrent uploads, and a refused
/// write rolls back with nothing stored.
/// </summary>
public sealed partial class StorageEngine
{
    /// <summary>The bucket setting holding the quotas (<see cref="BucketQuotas.Encode"/>).</summary>
    public const string QuotasSetting = "quotas";

    /// <summary>The bucket's quotas (<see cref="BucketQuotas.None"/> when it has none).</summary>
    public BucketQuotas GetQuotas(string bucket) => BucketQuotas.Decode(BucketSetting(bucket, QuotasSetting));

    /// <summary>Replaces the bucket's quotas (both limits at once, as Garage's UpdateBucket does).</summary>
    public Task SetQuotasAsync(string bucket, BucketQuotas quotas, CancellationToken ct)
    {
        var owner = FindBucket(bucket).Owner;
        return PutBucketSettingAsync(owner, bucket, QuotasSetting, quotas.IsNone ? null : quotas.Encode(), ct);
    }

    /// <summary>QuotaExceeded when adding <paramref name="bytes"/> and <paramref name="objects"/> to the bucket would pass
    /// one of its limits (a write that shrinks the bucket, or keeps it as it is, always passes).</summary>
    private void EnforceQuotas(MetadataConnection c, string bucket, long bytes, long objects)
    {
        if (bytes <= 0 && objects <= 0) return;
        var quotas = GetQuotas(bucket);
        if (quotas.IsNone) return;
        using var r = c.Command("SELECT bytes, objects FROM buckets WHERE name = @b").Bind("@b", bucket).ExecuteReader();
        if (!r.Read()) throw new StoreException(StoreErrorCode.NoSuchBucket);
        if ((bytes > 0 && quotas.MaxSize is { } maxSize && r.GetInt64(0) + bytes > maxSize)
            || (objects > 0 && quotas.MaxObjects is { } maxObjects && r.GetInt64(1) + objects > maxObjects))
            throw new StoreException(StoreErrorCode.QuotaExceeded);
    }

    /// <summary>The bucket's multipart uploads in progress (Garage's unfinishedUploads).</summary>
    public long CountUploads(string bucket)
    {
        using var lease = _pool.Read();
        return Convert.ToInt64(lease.Connection.Command("SELECT COUNT(*) FROM uploads WHERE bucket = @b").Bind("@b", bucket).ExecuteScalar(),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The bucket setting holding the website configuration (<see cref="BucketWebsite.Encode"/>).</summary>
    public const string WebsiteSetting = "website";

    /// <summary>The bucket's website configuration, or null when it is not served as a website.</summary>
    public BucketWebsite? GetWebsite(string bucket) => BucketWebsite.Decode(BucketSetting(bucket, WebsiteSetting));

    public Task SetWebsiteAsync(string bucket, BucketWebsite? website, CancellationToken ct) =>
        PutBucketSettingAsync(FindBucket(bucket).Owner, bucket, WebsiteSetting, website?.Encode(), ct);
}
