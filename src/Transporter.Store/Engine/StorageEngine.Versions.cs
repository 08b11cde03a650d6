using System.Text;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>Bucket versioning and the listing of versions.</summary>
public sealed partial class StorageEngine
{
    /// <summary>PutBucketVersioning: Enabled or Suspended (never back to unversioned, as S3). A bucket with object lock
    /// stays Enabled (InvalidBucketState).</summary>
    public async Task SetBucketVersioningAsync(string owner, string bucket, VersioningState state, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        if (state == VersioningState.Unversioned) throw new StoreException(StoreErrorCode.MalformedXML);
        if (info.ObjectLockEnabled && state != VersioningState.Enabled)
            throw new StoreException(StoreErrorCode.InvalidBucketState,
                "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
        await _pool.WriteAsync(c =>
        {
            var updated = c.Command("UPDATE buckets SET versioning = @v WHERE name = @b")
                .Bind("@v", state == VersioningState.Enabled ? "Enabled" : "Suspended").Bind("@b", bucket).ExecuteNonQuery();
            if (updated == 0) throw new StoreException(StoreErrorCode.NoSuchBucket);
            // Inside the transaction: the next write (behind the same writer gate) sees the new state.
            _buckets[bucket] = _buckets[bucket] with { Versioning = state };
            return updated;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>The columns of a noncurrent version a delete decides on.</summary>
    private sealed record NoncurrentSummary(string Id, long Size, bool DeleteMarker, string? LockMode, long? LockUntil, bool LegalHold);

    private static NoncurrentSummary? ReadNoncurrentSummary(MetadataConnection c, string bucket, byte[] key, string? storedVersionId)
    {
        using var r = c.Command("""
                SELECT id, size, delete_marker, lock_mode, lock_until, legal_hold FROM object_versions
                WHERE bucket = @b AND key = @k AND version_id IS @v ORDER BY seq DESC LIMIT 1
                """)
            .Bind("@b", bucket).Bind("@k", key).Bind("@v", storedVersionId).ExecuteReader();
        if (!r.Read()) return null;
        return new NoncurrentSummary(r.GetString(0), r.GetInt64(1), r.GetInt32(2) != 0, r.GetNullableString(3),
            r.IsDBNull(4) ? null : r.GetInt64(4), r.GetInt32(5) != 0);
    }

    private const string VersionsSql = """
        SELECT key, seq, version_id, 0 AS marker, size, etag, modified, 1 AS current FROM objects
            WHERE bucket = @b AND key >= @from AND key < @to AND (key > @after OR seq < @afterSeq)
        UNION ALL
        SELECT key, seq, version_id, delete_marker, size, etag, modified, 0 FROM object_versions
            WHERE bucket = @b AND key >= @from AND key < @to AND (key > @after OR seq < @afterSeq)
        ORDER BY key, seq DESC LIMIT @n
        """;

    /// <summary>
    /// ListObjectVersions: every version and delete marker in key order, newest first within a key, with delimiter
    /// roll-up as in <see cref="ListObjects"/>. A page ends after <see cref="ListVersionsQuery.MaxKeys"/> entries; the
    /// next starts after (NextKeyMarker, NextVersionIdMarker).
    /// </summary>
    public ListVersionsPage ListObjectVersions(string owner, string bucket, ListVersionsQuery query)
    {
        GetBucket(owner, bucket);
        var maxKeys = Math.Clamp(query.MaxKeys, 0, MaxListKeys);
        var entries = new List<ObjectInfo>();
        var prefixes = new List<string>();
        if (maxKeys == 0) return new ListVersionsPage(entries, prefixes, false, null, null);

        var prefix = Encoding.UTF8.GetBytes(query.Prefix);
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : Encoding.UTF8.GetBytes(query.Delimiter);
        var to = Append(prefix, 0xFF);
        using var lease = _pool.Read();
        var c = lease.Connection;

        // The position after which this page starts: a key (all its versions done) or a key and a version's seq.
        byte[] after = [];
        var afterSeq = long.MinValue;
        if (!string.IsNullOrEmpty(query.KeyMarker))
        {
            after = Encoding.UTF8.GetBytes(query.KeyMarker);
            if (!string.IsNullOrEmpty(query.VersionIdMarker))
            {
                var stored = ObjectVersionIds.Parse(query.VersionIdMarker);
                var seq = SeqOfVersion(c, bucket, after, stored)
                    ?? throw new StoreException(StoreErrorCode.InvalidArgument, "Invalid version id specified");
                // The marker key's versions older than the marker come first.
                afterSeq = seq;
            }
        }
        var resumedKey = afterSeq != long.MinValue ? after : null;
        var keyMarker = after;

        byte[]? lastKey = null;
        string? nextKey = null, nextVersion = null;
        var truncated = false;
        var from = prefix;
        var done = false;
        while (!done)
        {
            var batch = Math.Min(maxKeys - entries.Count - prefixes.Count + 1, MaxListKeys + 1);
            var rows = 0;
            var seeked = false;
            // Rows start at max(from, after); "key > after OR seq < afterSeq" then keeps only what follows the position.
            var lower = Compare(after, from) > 0 ? after : from;
            using (var r = c.Command(VersionsSql).Bind("@b", bucket).Bind("@from", lower).Bind("@to", to).Bind("@after", after)
                       .Bind("@afterSeq", afterSeq).Bind("@n", batch).ExecuteReader())
            {
                while (r.Read())
                {
                    rows++;
                    var key = r.GetFieldValue<byte[]>(0);
                    var at = delimiter is null ? -1 : key.AsSpan(prefix.Length).IndexOf(delimiter);
                    byte[]? common = at >= 0 ? key.AsSpan(0, prefix.Length + at + delimiter!.Length).ToArray() : null;
                    // A common prefix at or before the key marker was returned on an earlier page.
                    if (common is not null && keyMarker.Length > 0 && Compare(common, keyMarker) <= 0)
                    {
                        (from, after, afterSeq) = (Append(common, 0xFF), [], long.MinValue);
                        seeked = true;
                        break;
                    }
                    if (entries.Count + prefixes.Count == maxKeys)
                    {
                        truncated = true;
                        done = true;
                        break;
                    }
                    if (common is not null)
                    {
                        nextKey = Encoding.UTF8.GetString(common);
                        nextVersion = null;
                        prefixes.Add(nextKey);
                        (from, after, afterSeq) = (Append(common, 0xFF), [], long.MinValue);
                        seeked = true;
                        break;
                    }
                    var isCurrent = r.GetInt32(7) != 0;
                    var firstOfKey = lastKey is null || Compare(lastKey, key) != 0;
                    // The first row of a key is its latest version, unless this page resumed inside that key.
                    var isLatest = firstOfKey && (resumedKey is null || Compare(resumedKey, key) != 0);
                    var keyText = Encoding.UTF8.GetString(key);
                    var versionId = r.GetNullableString(2);
                    entries.Add(new ObjectInfo
                    {
                        Bucket = bucket,
                        Key = keyText,
                        Id = "",
                        Seq = r.GetInt64(1),
                        VersionId = versionId,
                        IsDeleteMarker = r.GetInt32(3) != 0,
                        Size = r.GetInt64(4),
                        ETag = r.GetString(5),
                        LastModified = FromMillis(r.GetInt64(6)),
                        IsLatest = isLatest || isCurrent,
                    });
                    lastKey = key;
                    nextKey = keyText;
                    nextVersion = ObjectVersionIds.Show(versionId);
                    (after, afterSeq) = (key, r.GetInt64(1));
                }
            }
            Interlocked.Add(ref _listingRowsRead, rows);
            if (!seeked && rows < batch) done = true;
        }
        return new ListVersionsPage(entries, prefixes, truncated, truncated ? nextKey : null, truncated ? nextVersion : null);
    }

    /// <summary>The seq of one version of a key, current or not.</summary>
    private static long? SeqOfVersion(MetadataConnection c, string bucket, byte[] key, string? stored)
    {
        using (var r = c.Command("SELECT seq, version_id FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteReader())
            if (r.Read() && r.GetNullableString(1) == stored) return r.GetInt64(0);
        return c.Command("SELECT seq FROM object_versions WHERE bucket = @b AND key = @k AND version_id IS @v ORDER BY seq DESC LIMIT 1")
            .Bind("@b", bucket).Bind("@k", key).Bind("@v", stored).ExecuteScalar() as long?;
    }
}
