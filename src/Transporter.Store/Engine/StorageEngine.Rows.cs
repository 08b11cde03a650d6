using Microsoft.Data.Sqlite;
using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// Reading and replacing version rows: the statements every object operation shares. The current data version of a
/// key is its "objects" row; older versions and delete markers are "object_versions" rows (see StoreSchema step 3).
/// </summary>
public sealed partial class StorageEngine
{
    /// <summary>The columns of a version, in the order <see cref="ReadInfo"/> reads them (both tables have them).</summary>
    private const string InfoColumns =
        "id, size, etag, modified, blob, parts, content_type, headers, tag_count, checksum_algorithm, checksum, checksum_type, " +
        "version_id, seq, lock_mode, lock_until, legal_hold, acl, sse, writer";

    /// <summary>Every column both tables share, for moving a version between them.</summary>
    private const string MovedColumns =
        "bucket, key, seq, id, version_id, size, etag, modified, blob, parts, content_type, headers, tags, tag_count, " +
        "checksum_algorithm, checksum, checksum_type, lock_mode, lock_until, legal_hold, acl, sse, writer";

    private const string SelectObject = "SELECT " + InfoColumns + " FROM objects WHERE bucket = @b AND key = @k";

    /// <summary>A complete version to insert: one data file (<see cref="BlobId"/>) or a manifest of parts.</summary>
    private sealed record ObjectRow(
        string Bucket, byte[] Key, string Id, long Size, string ETag, long Modified, string? BlobId,
        IReadOnlyList<ManifestPart> Parts, ObjectHeaders Headers, TagSet Tags, ObjectChecksum? Checksum)
    {
        public string? LockMode { get; init; }
        public long? LockUntil { get; init; }
        public bool LegalHold { get; init; }
        public string? Acl { get; init; }
        public string? Encryption { get; init; }
        public string? Writer { get; init; }

        /// <summary>The bytes of a small object stored with its row (<see cref="BlobId"/> is then an inline id).</summary>
        public byte[]? InlineData { get; init; }
    }

    /// <summary>A new version of <paramref name="key"/> with the attributes of <paramref name="write"/>.</summary>
    private ObjectRow NewRow(
        string bucket, byte[] key, long size, string etag, string? blobId, IReadOnlyList<ManifestPart> parts, ObjectWrite write, ObjectChecksum? checksum) =>
        new(bucket, key, BlobDirectory.NewId(), size, VersionETag(etag, write.Encryption), Now(), blobId, parts, write.Headers, write.Tags, checksum)
        {
            Encryption = write.Encryption,
            LockMode = write.LockMode,
            LockUntil = write.RetainUntil?.ToUnixTimeMilliseconds(),
            LegalHold = write.LegalHold,
            Acl = write.Acl,
            Writer = write.Writer,
        };

    private readonly record struct ManifestPart(int PartNumber, string BlobId, long Size);

    /// <summary>What a committed write or delete left to do after the transaction, and the version it made.</summary>
    private sealed record VersionChange(List<string> Superseded, string? VersionId, bool Versioned, long Modified);

    private static ObjectInfo? ReadObject(MetadataConnection c, string bucket, string key, byte[] keyBytes)
    {
        using var r = c.Command(SelectObject).Bind("@b", bucket).Bind("@k", keyBytes).ExecuteReader();
        return r.Read() ? ReadInfo(r, bucket, key) : null;
    }

    /// <summary>Reads <see cref="InfoColumns"/> (and, for object_versions, delete_marker after them).</summary>
    private static ObjectInfo ReadInfo(SqliteDataReader r, string bucket, string key, bool isLatest = true) => new()
    {
        Bucket = bucket,
        Key = key,
        Id = r.GetString(0),
        Size = r.GetInt64(1),
        ETag = r.GetString(2),
        LastModified = FromMillis(r.GetInt64(3)),
        BlobId = r.GetNullableString(4),
        PartCount = r.GetInt32(5),
        Headers = HeadersCodec.Decode(r.GetNullableString(6), r.GetNullableString(7)),
        TagCount = r.GetInt32(8),
        Checksum = ReadChecksum(r.GetNullableString(9), r.GetNullableString(10), r.GetNullableString(11)),
        VersionId = r.GetNullableString(12),
        Seq = r.GetInt64(13),
        LockMode = r.GetNullableString(14),
        RetainUntil = r.IsDBNull(15) ? null : FromMillis(r.GetInt64(15)),
        LegalHold = r.GetInt32(16) != 0,
        Acl = r.GetNullableString(17),
        Encryption = r.GetNullableString(18),
        Writer = r.GetNullableString(19),
        IsDeleteMarker = r.FieldCount > 20 && r.GetInt32(20) != 0,
        IsLatest = isLatest,
    };

    private static ObjectChecksum? ReadChecksum(string? algorithm, string? value, string? type) =>
        value is not null && ChecksumAlgorithmNames.TryParse(algorithm, out var a)
            ? new ObjectChecksum(a, value, type == "COMPOSITE" ? ChecksumType.Composite : ChecksumType.FullObject)
            : null;

    private static string? TypeName(ObjectChecksum? checksum) =>
        checksum is null ? null : checksum.Type == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT";

    private static List<BlobSegment> ReadManifest(MetadataConnection c, string objectId)
    {
        var segments = new List<BlobSegment>();
        using var r = c.Command("SELECT blob, size, part FROM object_parts WHERE object_id = @id ORDER BY part").Bind("@id", objectId).ExecuteReader();
        while (r.Read()) segments.Add(new BlobSegment(r.GetString(0), r.GetInt64(1), r.GetInt32(2)));
        return segments;
    }

    /// <summary>
    /// Makes <paramref name="row"/> the key's current version, as the bucket's versioning says: replacing the current
    /// object (never versioned), pushing it down to the noncurrent versions (Enabled), or replacing the "null"
    /// version wherever it is (Suspended). Runs inside the writer's transaction; returns the data files no longer
    /// referenced and the new version's id.
    /// </summary>
    private VersionChange CommitObject(MetadataConnection c, ObjectRow row, WriteCondition? condition = null)
    {
        var current = ReadCurrentSummary(c, row.Bucket, row.Key);
        condition?.Check(current?.ETag);
        var versioning = BucketVersioning(row.Bucket);
        var superseded = new List<string>();
        long bytes = row.Size, objects = 1;
        string? versionId = null;
        if (current is { } now)
        {
            // Object lock exists only in buckets whose versioning stays Enabled, so an overwrite never removes a locked version.
            if (versioning == VersioningState.Enabled || (versioning == VersioningState.Suspended && now.VersionId is not null))
                MoveCurrentToHistory(c, row.Bucket, row.Key);
            else
            {
                superseded.AddRange(DeleteVersionRow(c, row.Bucket, row.Key, now.Id, current: true));
                bytes -= now.Size;
            }
            objects = 0;
        }
        if (versioning == VersioningState.Enabled) versionId = ObjectVersionIds.New();
        else if (versioning == VersioningState.Suspended) bytes -= RemoveNullHistoryVersion(c, row.Bucket, row.Key, superseded);
        // A bucket that never had versioning holds no noncurrent versions: the next seq needs no query.
        var seq = versioning == VersioningState.Unversioned ? (current?.Seq ?? 0) + 1 : NextSeq(c, row.Bucket, row.Key);
        EnforceQuotas(c, row.Bucket, bytes, objects);
        InsertCurrent(c, row, versionId, seq);
        UpdateUsage(c, row.Bucket, bytes, objects);
        return new VersionChange(superseded, versionId, versioning != VersioningState.Unversioned, row.Modified);
    }

    private static void InsertCurrent(MetadataConnection c, ObjectRow row, string? versionId, long seq)
    {
        c.Command("""
                INSERT INTO objects (bucket, key, id, size, etag, modified, blob, parts, content_type, headers, tags, tag_count,
                    checksum_algorithm, checksum, checksum_type, version_id, seq, lock_mode, lock_until, legal_hold, acl, sse, writer)
                VALUES (@b, @k, @id, @size, @etag, @modified, @blob, @parts, @ct, @headers, @tags, @tagCount, @ca, @cv, @ctype,
                    @version, @seq, @lockMode, @lockUntil, @legalHold, @acl, @sse, @writer)
                """)
            .Bind("@b", row.Bucket).Bind("@k", row.Key).Bind("@id", row.Id).Bind("@size", row.Size).Bind("@etag", row.ETag)
            .Bind("@modified", row.Modified).Bind("@blob", row.BlobId).Bind("@parts", row.Parts.Count)
            .Bind("@ct", row.Headers.ContentType).Bind("@headers", HeadersCodec.Encode(row.Headers))
            .Bind("@tags", row.Tags.Count == 0 ? null : row.Tags.ToQueryString()).Bind("@tagCount", row.Tags.Count)
            .Bind("@ca", row.Checksum?.Algorithm.Name()).Bind("@cv", row.Checksum?.Value).Bind("@ctype", TypeName(row.Checksum))
            .Bind("@version", versionId).Bind("@seq", seq).Bind("@lockMode", row.LockMode).Bind("@lockUntil", row.LockUntil)
            .Bind("@legalHold", row.LegalHold ? 1 : 0).Bind("@acl", row.Acl).Bind("@sse", row.Encryption).Bind("@writer", row.Writer)
            .ExecuteNonQuery();
        if (row.InlineData is not null)
            c.Command("INSERT INTO inline_data (id, data) VALUES (@id, @data)").Bind("@id", row.BlobId).Bind("@data", row.InlineData).ExecuteNonQuery();
        else if (row.BlobId is not null) c.Command("INSERT INTO blobs (id) VALUES (@id)").Bind("@id", row.BlobId).ExecuteNonQuery();
        foreach (var part in row.Parts)
            c.Command("INSERT INTO object_parts (object_id, part, blob, size) VALUES (@id, @part, @blob, @size)")
                .Bind("@id", row.Id).Bind("@part", part.PartNumber).Bind("@blob", part.BlobId).Bind("@size", part.Size).ExecuteNonQuery();
    }

    /// <summary>The few columns of the current version a write decides on.</summary>
    private sealed record CurrentSummary(string Id, string? VersionId, long Seq, long Size, string ETag, string? LockMode, long? LockUntil, bool LegalHold);

    private static CurrentSummary? ReadCurrentSummary(MetadataConnection c, string bucket, byte[] key)
    {
        using var r = c.Command("SELECT id, version_id, seq, size, etag, lock_mode, lock_until, legal_hold FROM objects WHERE bucket = @b AND key = @k")
            .Bind("@b", bucket).Bind("@k", key).ExecuteReader();
        if (!r.Read()) return null;
        return new CurrentSummary(r.GetString(0), r.GetNullableString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
            r.GetNullableString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetInt32(7) != 0);
    }

    private static string? CurrentETag(MetadataConnection c, string bucket, byte[] key) =>
        c.Command("SELECT etag FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar() as string;

    private static long NextSeq(MetadataConnection c, string bucket, byte[] key)
    {
        var current = c.Command("SELECT seq FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar();
        var history = c.Command("SELECT MAX(seq) FROM object_versions WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar();
        return Math.Max(current is long a ? a : 0, history is long b ? b : 0) + 1;
    }

    private static void MoveCurrentToHistory(MetadataConnection c, string bucket, byte[] key)
    {
        c.Command($"INSERT INTO object_versions ({MovedColumns}, delete_marker) SELECT {MovedColumns}, 0 FROM objects WHERE bucket = @b AND key = @k")
            .Bind("@b", bucket).Bind("@k", key).ExecuteNonQuery();
        c.Command("DELETE FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteNonQuery();
    }

    /// <summary>Adds a delete marker as the key's newest version.</summary>
    private static void InsertDeleteMarker(MetadataConnection c, string bucket, byte[] key, string? versionId, long modified, string? writer)
    {
        c.Command("""
                INSERT INTO object_versions (bucket, key, seq, id, version_id, delete_marker, size, etag, modified, writer)
                VALUES (@b, @k, @seq, @id, @version, 1, 0, '', @modified, @writer)
                """)
            .Bind("@b", bucket).Bind("@k", key).Bind("@seq", NextSeq(c, bucket, key)).Bind("@id", BlobDirectory.NewId())
            .Bind("@version", versionId).Bind("@modified", modified).Bind("@writer", writer).ExecuteNonQuery();
    }

    /// <summary>Removes the "null" version from the noncurrent versions (Suspended writes replace it); returns its size.</summary>
    private static long RemoveNullHistoryVersion(MetadataConnection c, string bucket, byte[] key, List<string> superseded)
    {
        string? id = null;
        long size = 0;
        using (var r = c.Command("SELECT id, size FROM object_versions WHERE bucket = @b AND key = @k AND version_id IS NULL")
                   .Bind("@b", bucket).Bind("@k", key).ExecuteReader())
        {
            if (r.Read()) (id, size) = (r.GetString(0), r.GetInt64(1));
        }
        if (id is null) return 0;
        superseded.AddRange(DeleteVersionRow(c, bucket, key, id, current: false));
        return size;
    }

    /// <summary>Deletes one version row (current or not) and its manifest; returns its data files, which the caller
    /// reclaims after the commit. Inline bytes go with the row.</summary>
    private static List<string> DeleteVersionRow(MetadataConnection c, string bucket, byte[] key, string id, bool current)
    {
        var blobs = new List<string>();
        var table = current ? "objects" : "object_versions";
        int parts;
        using (var r = c.Command($"SELECT blob, parts FROM {table} WHERE bucket = @b AND key = @k AND id = @id")
                   .Bind("@b", bucket).Bind("@k", key).Bind("@id", id).ExecuteReader())
        {
            if (!r.Read()) return blobs;
            if (!r.IsDBNull(0)) blobs.Add(r.GetString(0));
            parts = r.GetInt32(1);
        }
        if (blobs.Count == 1 && InlineBlobs.IsInline(blobs[0]))
        {
            c.Command("DELETE FROM inline_data WHERE id = @id").Bind("@id", blobs[0]).ExecuteNonQuery();
            blobs.Clear();
        }
        if (parts > 0)
        {
            blobs.AddRange(ReadManifest(c, id).Select(s => s.BlobId));
            c.Command("DELETE FROM object_parts WHERE object_id = @id").Bind("@id", id).ExecuteNonQuery();
        }
        c.Command($"DELETE FROM {table} WHERE bucket = @b AND key = @k AND id = @id").Bind("@b", bucket).Bind("@k", key).Bind("@id", id).ExecuteNonQuery();
        foreach (var blob in blobs) c.Command("DELETE FROM blobs WHERE id = @id").Bind("@id", blob).ExecuteNonQuery();
        return blobs;
    }

    /// <summary>After the current version went away: the newest noncurrent version becomes current when it holds data
    /// (a delete marker stays where it is and makes the key deleted). Returns true when one was promoted.</summary>
    private static bool PromoteNewestVersion(MetadataConnection c, string bucket, byte[] key)
    {
        if (c.Command("SELECT 1 FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar() is not null) return false;
        long seq;
        using (var r = c.Command("SELECT seq, delete_marker FROM object_versions WHERE bucket = @b AND key = @k ORDER BY seq DESC LIMIT 1")
                   .Bind("@b", bucket).Bind("@k", key).ExecuteReader())
        {
            if (!r.Read() || r.GetInt32(1) != 0) return false;
            seq = r.GetInt64(0);
        }
        c.Command($"INSERT INTO objects ({MovedColumns}) SELECT {MovedColumns} FROM object_versions WHERE bucket = @b AND key = @k AND seq = @s")
            .Bind("@b", bucket).Bind("@k", key).Bind("@s", seq).ExecuteNonQuery();
        c.Command("DELETE FROM object_versions WHERE bucket = @b AND key = @k AND seq = @s").Bind("@b", bucket).Bind("@k", key).Bind("@s", seq).ExecuteNonQuery();
        return true;
    }

    /// <summary>The bucket's versioning as the writer sees it (the cache is updated inside the writer's transaction).</summary>
    private VersioningState BucketVersioning(string bucket) =>
        _buckets.TryGetValue(bucket, out var info) ? info.Versioning : throw new StoreException(StoreErrorCode.NoSuchBucket);

    /// <summary>Keeps the bucket's running totals; NoSuchBucket when it was deleted meanwhile (rolls the write back).</summary>
    private static void UpdateUsage(MetadataConnection c, string bucket, long bytes, long objects)
    {
        var updated = c.Command("UPDATE buckets SET bytes = bytes + @bytes, objects = objects + @objects WHERE name = @b")
            .Bind("@bytes", bytes).Bind("@objects", objects).Bind("@b", bucket).ExecuteNonQuery();
        if (updated == 0) throw new StoreException(StoreErrorCode.NoSuchBucket);
    }
}
