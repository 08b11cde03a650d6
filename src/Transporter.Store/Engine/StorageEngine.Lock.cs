using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

/// <summary>
/// Object lock: retention (GOVERNANCE, COMPLIANCE) and legal holds on versions of buckets with object lock enabled.
/// A locked version cannot be removed (overwrites and plain deletes only add versions, which lock allows); GOVERNANCE
/// yields to x-amz-bypass-governance-retention, COMPLIANCE and legal holds to nothing.
/// </summary>
public sealed partial class StorageEngine
{
    public const string Governance = "GOVERNANCE";
    public const string Compliance = "COMPLIANCE";

    /// <summary>Turns object lock on for an existing bucket, which needs versioning Enabled (InvalidBucketState).</summary>
    public async Task EnableObjectLockAsync(string owner, string bucket, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        if (info.ObjectLockEnabled) return;
        if (info.Versioning != VersioningState.Enabled)
            throw new StoreException(StoreErrorCode.InvalidBucketState, "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
        await _pool.WriteAsync(c =>
        {
            c.Command("UPDATE buckets SET object_lock = 1 WHERE name = @b").Bind("@b", bucket).ExecuteNonQuery();
            _buckets[bucket] = _buckets[bucket] with { ObjectLockEnabled = true };
            return 0;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// PutObjectRetention: sets (or, with a null mode, removes) the retention of the current version or of
    /// <paramref name="versionId"/>. Extending is always allowed; shortening, removing or weakening COMPLIANCE to
    /// GOVERNANCE is refused (AccessDenied) while the retention runs, except GOVERNANCE with <paramref name="bypassGovernance"/>.
    /// </summary>
    public async Task PutObjectRetentionAsync(
        string owner, string bucket, string key, string? versionId, string? mode, DateTimeOffset? until, bool bypassGovernance, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        RequireObjectLock(info);
        var keyBytes = ObjectKeyRules.Encode(key);
        if (mode is not null && until is { } date && date <= _clock.GetUtcNow())
            throw new StoreException(StoreErrorCode.InvalidArgument, "The retain until date must be in the future!");
        await _pool.WriteAsync(c =>
        {
            var (table, id) = LocateVersion(c, bucket, key, keyBytes, versionId);
            using (var r = c.Command($"SELECT lock_mode, lock_until FROM {table} WHERE bucket = @b AND key = @k AND id = @id")
                       .Bind("@b", bucket).Bind("@k", keyBytes).Bind("@id", id).ExecuteReader())
            {
                r.Read();
                var oldMode = r.GetNullableString(0);
                var oldUntil = r.IsDBNull(1) ? (long?)null : r.GetInt64(1);
                var running = oldMode is not null && oldUntil > Now();
                var weaker = mode is null || until!.Value.ToUnixTimeMilliseconds() < oldUntil || (oldMode == Compliance && mode == Governance);
                if (running && weaker && !(oldMode == Governance && bypassGovernance))
                    throw new StoreException(StoreErrorCode.AccessDenied, "Access Denied because object protected by object lock.");
            }
            return c.Command($"UPDATE {table} SET lock_mode = @m, lock_until = @u WHERE bucket = @b AND key = @k AND id = @id")
                .Bind("@m", mode).Bind("@u", mode is null ? null : until!.Value.ToUnixTimeMilliseconds())
                .Bind("@b", bucket).Bind("@k", keyBytes).Bind("@id", id).ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
        _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, key));
    }

    /// <summary>PutObjectLegalHold: ON or OFF on the current version or on <paramref name="versionId"/>.</summary>
    public async Task PutObjectLegalHoldAsync(string owner, string bucket, string key, string? versionId, bool on, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        RequireObjectLock(info);
        var keyBytes = ObjectKeyRules.Encode(key);
        await _pool.WriteAsync(c =>
        {
            var (table, id) = LocateVersion(c, bucket, key, keyBytes, versionId);
            return c.Command($"UPDATE {table} SET legal_hold = @h WHERE bucket = @b AND key = @k AND id = @id")
                .Bind("@h", on ? 1 : 0).Bind("@b", bucket).Bind("@k", keyBytes).Bind("@id", id).ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
        _objects.Invalidate(Blobs.ReadLeases.NameOf(bucket, key));
    }

    /// <summary>InvalidRequest for lock settings on a bucket without object lock.</summary>
    internal static void RequireObjectLock(BucketInfo bucket)
    {
        if (!bucket.ObjectLockEnabled) throw new StoreException(StoreErrorCode.InvalidRequest, "Bucket is missing Object Lock Configuration");
    }

    /// <summary>Lock attributes on a write are valid only for a bucket with object lock, with a future date.</summary>
    private void CheckLockAttributes(BucketInfo bucket, ObjectWrite write)
    {
        if (write.LockMode is null && !write.LegalHold) return;
        RequireObjectLock(bucket);
        if (write.RetainUntil is { } until && until <= _clock.GetUtcNow())
            throw new StoreException(StoreErrorCode.InvalidArgument, "The retain until date must be in the future!");
    }

    /// <summary>AccessDenied while a legal hold is on, or retention runs (GOVERNANCE yields to
    /// <paramref name="bypassGovernance"/>, COMPLIANCE to nothing).</summary>
    private void CheckRemovable(string? lockMode, long? lockUntil, bool legalHold, bool bypassGovernance)
    {
        if (legalHold) throw new StoreException(StoreErrorCode.AccessDenied, "Access Denied because object protected by object lock.");
        if (lockMode is null || lockUntil is not { } until || until <= Now()) return;
        if (lockMode == Governance && bypassGovernance) return;
        throw new StoreException(StoreErrorCode.AccessDenied, "Access Denied because object protected by object lock.");
    }
}
