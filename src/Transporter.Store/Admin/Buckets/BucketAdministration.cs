using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Access;

namespace Transporter.Store.Admin.Buckets;

/// <summary>
/// Reads and changes what administrators manage on a bucket: usage, quotas and website access. The Garage admin API
/// (any bucket, for the operator) and the GUI's Buckets page (a root's own buckets, for its root user) both come
/// here, so both accept and refuse the same changes.
/// </summary>
public sealed class BucketAdministration(StorageEngine engine)
{
    /// <summary>The buckets <paramref name="root"/> owns, by name.</summary>
    public IReadOnlyList<BucketOverview> ListOwnedBy(string root) => engine.ListBuckets(root).Select(Describe).ToList();

    /// <summary>The bucket when <paramref name="root"/> owns it; NoSuchBucket otherwise (another root's bucket is not
    /// there for it).</summary>
    public BucketInfo GetOwned(string root, string name) =>
        engine.FindBucketOrNull(name) is { } bucket && bucket.Owner == root ? bucket : throw new StoreException(StoreErrorCode.NoSuchBucket);

    public BucketOverview Describe(BucketInfo bucket)
    {
        var usage = engine.GetBucketUsage(bucket.Owner, bucket.Name);
        return new BucketOverview(bucket, usage.Objects, usage.Bytes, engine.CountUploads(bucket.Name), engine.GetQuotas(bucket.Name),
            engine.GetWebsite(bucket.Name), BucketPublicity.IsPublic(engine, bucket));
    }

    /// <summary>Checks the whole update, then applies it (InvalidBucketSettingsException, and nothing changed, when a
    /// part is wrong); returns the bucket as it now is.</summary>
    public async Task<BucketOverview> UpdateAsync(BucketInfo bucket, BucketSettingsUpdate update, CancellationToken ct)
    {
        BucketWebsite? website = null;
        if (update.Website is { } access)
        {
            if (access.Enabled && string.IsNullOrWhiteSpace(access.IndexDocument))
                throw new InvalidBucketSettingsException("An index document (websiteAccess.indexDocument) is required to turn website access on.");
            if (!access.Enabled && (access.IndexDocument is not null || access.ErrorDocument is not null))
                throw new InvalidBucketSettingsException("websiteAccess.indexDocument and errorDocument must be absent when website access is off.");
            if (access.Enabled)
                website = new BucketWebsite(access.IndexDocument!, string.IsNullOrEmpty(access.ErrorDocument) ? null : access.ErrorDocument);
        }
        if (update.Quotas is { } quotas && (quotas.MaxSize < 0 || quotas.MaxObjects < 0))
            throw new InvalidBucketSettingsException("Quotas (maxSize, maxObjects) are counts: 0 or more, or none for no limit.");
        if (update.Website is not null) await engine.SetWebsiteAsync(bucket.Name, website, ct).ConfigureAwait(false);
        if (update.Quotas is { } q) await engine.SetQuotasAsync(bucket.Name, q, ct).ConfigureAwait(false);
        return Describe(bucket);
    }
}
