using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>Reading and replacing object rows: the statements every object operation shares.</summary>
public sealed partial class StorageEngine
{
    private const string SelectObject =
        "SELECT id, size, etag, modified, blob, parts, content_type, headers, tag_count, checksum_algorithm, checksum, checksum_type " +
        "FROM objects WHERE bucket = @b AND key = @k";

    /// <summary>A complete object row to insert: one data file (<see cref="BlobId"/>) or a manifest of parts.</summary>
    private sealed record ObjectRow(
        string Bucket, byte[] Key, string Id, long Size, string ETag, long Modified, string? BlobId,
        IReadOnlyList<ManifestPart> Parts, ObjectHeaders Headers, TagSet Tags, ObjectChecksum? Checksum);

    private readonly record struct ManifestPart(int PartNumber, string BlobId, long Size);

    private static ObjectInfo? ReadObject(MetadataConnection c, string bucket, string key, byte[] keyBytes)
    {
        using var r = c.Command(SelectObject).Bind("@b", bucket).Bind("@k", keyBytes).ExecuteReader();
        if (!r.Read()) return null;
        return new ObjectInfo
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
        };
    }

    private static ObjectChecksum? ReadChecksum(string? algorithm, string? value, string? type) =>
        value is not null && ChecksumAlgorithmNames.TryParse(algorithm, out var a)
            ? new ObjectChecksum(a, value, type == "COMPOSITE" ? ChecksumType.Composite : ChecksumType.FullObject)
            : null;

    private static string? TypeName(ObjectChecksum? checksum) =>
        checksum is null ? null : checksum.Type == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT";

    private static List<BlobSegment> ReadManifest(MetadataConnection c, string objectId)
    {
        var segments = new List<BlobSegment>();
        using var r = c.Command("SELECT blob, size FROM object_parts WHERE object_id = @id ORDER BY part").Bind("@id", objectId).ExecuteReader();
        while (r.Read()) segments.Add(new BlobSegment(r.GetString(0), r.GetInt64(1)));
        return segments;
    }

    /// <summary>Replaces whatever the key held by <paramref name="row"/>; returns the data files no longer referenced.
    /// Runs inside the writer's transaction.</summary>
    private static List<string> CommitObject(MetadataConnection c, ObjectRow row, WriteCondition? condition = null)
    {
        if (condition is not null) condition.Check(CurrentETag(c, row.Bucket, row.Key));
        var superseded = RemoveObjectRows(c, row.Bucket, row.Key, out var oldSize, out var existed);
        c.Command("""
                INSERT INTO objects (bucket, key, id, size, etag, modified, blob, parts, content_type, headers, tags, tag_count,
                    checksum_algorithm, checksum, checksum_type)
                VALUES (@b, @k, @id, @size, @etag, @modified, @blob, @parts, @ct, @headers, @tags, @tagCount, @ca, @cv, @ctype)
                """)
            .Bind("@b", row.Bucket).Bind("@k", row.Key).Bind("@id", row.Id).Bind("@size", row.Size).Bind("@etag", row.ETag)
            .Bind("@modified", row.Modified).Bind("@blob", row.BlobId).Bind("@parts", row.Parts.Count)
            .Bind("@ct", row.Headers.ContentType).Bind("@headers", HeadersCodec.Encode(row.Headers))
            .Bind("@tags", row.Tags.Count == 0 ? null : row.Tags.ToQueryString()).Bind("@tagCount", row.Tags.Count)
            .Bind("@ca", row.Checksum?.Algorithm.Name()).Bind("@cv", row.Checksum?.Value).Bind("@ctype", TypeName(row.Checksum))
            .ExecuteNonQuery();
        if (row.BlobId is not null) c.Command("INSERT INTO blobs (id) VALUES (@id)").Bind("@id", row.BlobId).ExecuteNonQuery();
        foreach (var part in row.Parts)
            c.Command("INSERT INTO object_parts (object_id, part, blob, size) VALUES (@id, @part, @blob, @size)")
                .Bind("@id", row.Id).Bind("@part", part.PartNumber).Bind("@blob", part.BlobId).Bind("@size", part.Size).ExecuteNonQuery();
        UpdateUsage(c, row.Bucket, row.Size - oldSize, existed ? 0 : 1);
        return superseded;
    }

    private static string? CurrentETag(MetadataConnection c, string bucket, byte[] key) =>
        c.Command("SELECT etag FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteScalar() as string;

    /// <summary>Deletes the key's rows; returns its data files, which the caller reclaims after the commit.</summary>
    private static List<string> RemoveObjectRows(MetadataConnection c, string bucket, byte[] key, out long size, out bool existed)
    {
        var blobs = new List<string>();
        string id;
        int parts;
        using (var r = c.Command("SELECT id, size, blob, parts FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteReader())
        {
            existed = r.Read();
            if (!existed)
            {
                size = 0;
                return blobs;
            }
            id = r.GetString(0);
            size = r.GetInt64(1);
            if (!r.IsDBNull(2)) blobs.Add(r.GetString(2));
            parts = r.GetInt32(3);
        }
        if (parts > 0)
        {
            blobs.AddRange(ReadManifest(c, id).Select(s => s.BlobId));
            c.Command("DELETE FROM object_parts WHERE object_id = @id").Bind("@id", id).ExecuteNonQuery();
        }
        c.Command("DELETE FROM objects WHERE bucket = @b AND key = @k").Bind("@b", bucket).Bind("@k", key).ExecuteNonQuery();
        foreach (var blob in blobs) c.Command("DELETE FROM blobs WHERE id = @id").Bind("@id", blob).ExecuteNonQuery();
        return blobs;
    }

    /// <summary>Keeps the bucket's running totals; NoSuchBucket when it was deleted meanwhile (rolls the write back).</summary>
    private static void UpdateUsage(MetadataConnection c, string bucket, long bytes, long objects)
    {
        var updated = c.Command("UPDATE buckets SET bytes = bytes + @bytes, objects = objects + @objects WHERE name = @b")
            .Bind("@bytes", bytes).Bind("@objects", objects).Bind("@b", bucket).ExecuteNonQuery();
        if (updated == 0) throw new StoreException(StoreErrorCode.NoSuchBucket);
    }
}
