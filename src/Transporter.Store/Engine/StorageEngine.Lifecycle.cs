using System.Text;
using Transporter.Store.Engine.Lifecycle;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// Bucket lifecycle: the configuration, the expiry a GET reports (x-amz-expiration), and the sweep that applies the
/// rules on the engine's clock (tests drive it). Expired current versions are deleted as a DeleteObject without a
/// version id would (a delete marker in versioned buckets); locked versions are never removed.
/// </summary>
public sealed partial class StorageEngine
{
    /// <summary>The bucket setting holding the canonical lifecycle XML.</summary>
    public const string LifecycleSetting = "lifecycle";

    private const int SweepBatch = 500;

    public async Task PutBucketLifecycleAsync(string owner, string bucket, byte[] body, CancellationToken ct)
    {
        var configuration = LifecycleConfiguration.Parse(body);
        await PutBucketSettingAsync(owner, bucket, LifecycleSetting, configuration.ToXml(), ct).ConfigureAwait(false);
    }

    public string GetBucketLifecycle(string owner, string bucket) =>
        GetBucketSetting(owner, bucket, LifecycleSetting) ?? throw new StoreException(StoreErrorCode.NoSuchLifecycleConfiguration);

    /// <summary>When the current version <paramref name="info"/> expires and by which rule (the earliest of the enabled
    /// expiration rules that match it); null when none does.</summary>
    public (DateTimeOffset Expiry, string? RuleId)? ExpirationOf(ObjectInfo info)
    {
        if (BucketSetting(info.Bucket, LifecycleSetting) is not { } stored) return null;
        (DateTimeOffset, string?)? best = null;
        foreach (var rule in LifecycleConfiguration.FromStored(stored).Rules)
        {
            if (!rule.Enabled || rule.ExpiryOf(info.LastModified) is not { } expiry) continue;
            if (!rule.Filter.Matches(info.Key, info.Size, () => ReadTagsOf(info))) continue;
            if (best is null || expiry < best.Value.Item1) best = (expiry, rule.Id);
        }
        return best;
    }

    /// <summary>Applies every bucket's enabled lifecycle rules once, as of the engine's clock.</summary>
    public async Task<LifecycleSweepResult> ApplyLifecycleAsync(CancellationToken ct)
    {
        var total = new LifecycleSweepResult();
        foreach (var bucket in _buckets.Values.ToList())
        {
            if (BucketSetting(bucket.Name, LifecycleSetting) is not { } stored) continue;
            foreach (var rule in LifecycleConfiguration.FromStored(stored).Rules.Where(r => r.Enabled))
            {
                ct.ThrowIfCancellationRequested();
                if (rule.ExpirationDays is not null || rule.ExpirationDate is not null)
                    total = total with { Expired = total.Expired + await ExpireCurrentAsync(bucket.Name, rule, ct).ConfigureAwait(false) };
                if (rule.NoncurrentDays is not null || rule.ExpiredObjectDeleteMarker)
                {
                    var (versions, markers) = await ExpireNoncurrentAsync(bucket.Name, rule, ct).ConfigureAwait(false);
                    total = total with { NoncurrentRemoved = total.NoncurrentRemoved + versions, DeleteMarkersRemoved = total.DeleteMarkersRemoved + markers };
                }
                if (rule.AbortAfterDays is { } days)
                    total = total with { UploadsAborted = total.UploadsAborted + await AbortOldUploadsAsync(bucket, rule, days, ct).ConfigureAwait(false) };
            }
        }
        return total;
    }

    /// <summary>Deletes (or hides behind a delete marker) the current versions whose expiry has passed.</summary>
    private async Task<int> ExpireCurrentAsync(string bucket, LifecycleRule rule, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var due = new List<(byte[] Key, string Text)>();
        var prefix = Encoding.UTF8.GetBytes(rule.Filter.Prefix);
        var from = prefix;
        while (true)
        {
            var rows = 0;
            using (var lease = _pool.Read())
            using (var r = lease.Connection.Command(
                           "SELECT key, size, modified, tags FROM objects WHERE bucket = @b AND key >= @from AND key < @to ORDER BY key LIMIT @n")
                       .Bind("@b", bucket).Bind("@from", from).Bind("@to", Append(prefix, 0xFF)).Bind("@n", SweepBatch).ExecuteReader())
            {
                while (r.Read())
                {
                    rows++;
                    var key = r.GetFieldValue<byte[]>(0);
                    from = Append(key, 0x00);
                    var text = Encoding.UTF8.GetString(key);
                    var tags = r.GetNullableString(3);
                    if (rule.ExpiryOf(FromMillis(r.GetInt64(2))) is not { } expiry || expiry > now) continue;
                    if (!rule.Filter.Matches(text, r.GetInt64(1), () => TagSet.ParseQueryString(tags))) continue;
                    due.Add((key, text));
                }
            }
            if (rows < SweepBatch) break;
        }
        var done = 0;
        foreach (var (key, text) in due)
        {
            try
            {
                var (_, superseded) = await _pool.WriteAsync(c => DeleteInTransaction(c, bucket, key, null, bypassGovernance: false), ct).ConfigureAwait(false);
                Reclaim(bucket, text, superseded);
                done++;
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.AccessDenied or StoreErrorCode.NoSuchBucket)
            {
                // Locked, or the bucket went away: the next sweep sees it again.
            }
        }
        return done;
    }

    /// <summary>Removes noncurrent versions past NoncurrentDays (keeping NewerNoncurrentVersions) and delete markers
    /// left alone (ExpiredObjectDeleteMarker).</summary>
    private async Task<(int Versions, int Markers)> ExpireNoncurrentAsync(string bucket, LifecycleRule rule, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var prefix = Encoding.UTF8.GetBytes(rule.Filter.Prefix);
        var keys = new List<byte[]>();
        using (var lease = _pool.Read())
        using (var r = lease.Connection.Command("SELECT DISTINCT key FROM object_versions WHERE bucket = @b AND key >= @from AND key < @to ORDER BY key")
                   .Bind("@b", bucket).Bind("@from", prefix).Bind("@to", Append(prefix, 0xFF)).ExecuteReader())
            while (r.Read()) keys.Add(r.GetFieldValue<byte[]>(0));

        int versions = 0, markers = 0;
        foreach (var key in keys)
        {
            ct.ThrowIfCancellationRequested();
            var text = Encoding.UTF8.GetString(key);
            var (toRemove, markerToRemove) = NoncurrentDue(bucket, key, text, rule, now);
            foreach (var versionId in toRemove)
            {
                try
                {
                    var (_, superseded) = await _pool.WriteAsync(c => DeleteInTransaction(c, bucket, key, versionId, bypassGovernance: false), ct)
                        .ConfigureAwait(false);
                    Reclaim(bucket, text, superseded);
                    versions++;
                }
                catch (StoreException e) when (e.Code is StoreErrorCode.AccessDenied or StoreErrorCode.NoSuchBucket)
                {
                }
            }
            if (markerToRemove is not null)
            {
                await _pool.WriteAsync(c => DeleteInTransaction(c, bucket, key, markerToRemove, bypassGovernance: false), ct).ConfigureAwait(false);
                _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, text));
                markers++;
            }
        }
        return (versions, markers);
    }

    /// <summary>The versions of one key the rule removes now, and its delete marker when it is all that is left.</summary>
    private (List<string> Versions, string? Marker) NoncurrentDue(string bucket, byte[] key, string text, LifecycleRule rule, DateTimeOffset now)
    {
        var all = new List<(string? VersionId, long Modified, long Size, bool Marker, string? Tags, bool Current)>();
        using (var lease = _pool.Read())
        {
            var c = lease.Connection;
            using (var r = c.Command("SELECT version_id, modified, size, tags FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteReader())
                if (r.Read()) all.Add((r.GetNullableString(0), r.GetInt64(1), r.GetInt64(2), false, r.GetNullableString(3), true));
            using (var r = c.Command("SELECT version_id, modified, size, delete_marker, tags FROM object_versions WHERE bucket = @b AND key = @k ORDER BY seq DESC")
                       .Bind("@b", bucket).Bind("@k", key).ExecuteReader())
                while (r.Read()) all.Add((r.GetNullableString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt32(3) != 0, r.GetNullableString(4), false));
        }
        var due = new List<string>();
        if (rule.NoncurrentDays is { } days)
        {
            var noncurrentSeen = 0;
            for (var i = 1; i < all.Count; i++)
            {
                if (all[i].Marker || all[i].Current) continue;
                noncurrentSeen++;
                if (rule.NewerNoncurrentVersions is { } keep && noncurrentSeen <= keep) continue;
                // A version became noncurrent when the next newer one was written.
                var since = FromMillis(all[i - 1].Modified);
                if (LifecycleRule.NextMidnight(since.AddDays(days)) > now) continue;
                var tags = all[i].Tags;
                if (!rule.Filter.Matches(text, all[i].Size, () => TagSet.ParseQueryString(tags))) continue;
                due.Add(ObjectVersionIds.Show(all[i].VersionId));
            }
        }
        string? marker = null;
        var remaining = all.Count - due.Count;
        if (rule.ExpiredObjectDeleteMarker && remaining == 1 && all[0] is { Marker: true } only && !only.Current)
            marker = ObjectVersionIds.Show(only.VersionId);
        return (due, marker);
    }

    private async Task<int> AbortOldUploadsAsync(BucketInfo bucket, LifecycleRule rule, int days, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var due = new List<(string Id, string Key, long Size)>();
        var prefix = Encoding.UTF8.GetBytes(rule.Filter.Prefix);
        using (var lease = _pool.Read())
        using (var r = lease.Connection.Command("SELECT id, key, initiated FROM uploads WHERE bucket = @b AND key >= @from AND key < @to")
                   .Bind("@b", bucket.Name).Bind("@from", prefix).Bind("@to", Append(prefix, 0xFF)).ExecuteReader())
        {
            while (r.Read())
            {
                if (LifecycleRule.NextMidnight(FromMillis(r.GetInt64(2)).AddDays(days)) > now) continue;
                due.Add((r.GetString(0), Encoding.UTF8.GetString(r.GetFieldValue<byte[]>(1)), 0));
            }
        }
        var aborted = 0;
        foreach (var (id, key, _) in due)
        {
            try
            {
                await AbortMultipartUploadAsync(bucket.Owner, bucket.Name, key, id, ct).ConfigureAwait(false);
                aborted++;
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.NoSuchUpload or StoreErrorCode.NoSuchBucket)
            {
            }
        }
        return aborted;
    }
}
