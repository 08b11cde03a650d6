using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    private const string SelectUpload =
        "SELECT id, key, initiated, initiator, checksum_algorithm, checksum_type FROM uploads";

    /// <summary>Starts a multipart upload; the headers and tags given here are applied to the object on completion.</summary>
    public async Task<MultipartUploadInfo> CreateMultipartUploadAsync(
        string owner, string bucket, string key, ObjectWrite write, string initiator, ChecksumAlgorithm? checksumAlgorithm,
        ChecksumType checksumType, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        ValidateAttributes(write.Headers, write.Tags);
        CheckLockAttributes(info, write);
        if (checksumType == ChecksumType.FullObject && checksumAlgorithm is ChecksumAlgorithm.Sha1 or ChecksumAlgorithm.Sha256)
            throw new StoreException(StoreErrorCode.InvalidRequest, "The FULL_OBJECT checksum type cannot be used with the SHA1 or SHA256 checksum algorithm.");
        if (checksumType == ChecksumType.Composite && checksumAlgorithm == ChecksumAlgorithm.Crc64Nvme)
            throw new StoreException(StoreErrorCode.InvalidRequest, "The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.");
        // The upload's data key (or the customer key's MD5) is chosen now; every part is encrypted with it.
        var (encrypted, cipher) = StartEncryption(write, part: 0);
        cipher?.Dispose();
        write = encrypted;
        var upload = new MultipartUploadInfo(BlobDirectory.NewId(), bucket, key, FromMillis(Now()), initiator, checksumAlgorithm, checksumType);
        await _pool.WriteAsync(c => c.Command("""
                INSERT INTO uploads (id, bucket, key, initiated, initiator, content_type, headers, tags, checksum_algorithm, checksum_type, attributes)
                VALUES (@id, @b, @k, @initiated, @initiator, @ct, @headers, @tags, @ca, @ctype, @attributes)
                """)
            .Bind("@id", upload.UploadId).Bind("@b", bucket).Bind("@k", keyBytes)
            .Bind("@initiated", upload.Initiated.ToUnixTimeMilliseconds()).Bind("@initiator", initiator)
            .Bind("@ct", write.Headers.ContentType).Bind("@headers", HeadersCodec.Encode(write.Headers))
            .Bind("@tags", write.Tags.Count == 0 ? null : write.Tags.ToQueryString())
            .Bind("@ca", checksumAlgorithm?.Name()).Bind("@ctype", checksumType == ChecksumType.Composite ? "COMPOSITE" : "FULL_OBJECT")
            .Bind("@attributes", WriteAttributesCodec.Encode(write))
            .ExecuteNonQuery(), ct).ConfigureAwait(false);
        return upload;
    }

    /// <summary>Stores one part (replacing an earlier upload of the same number); its ETag is the hex MD5.</summary>
    public async Task<UploadedPart> UploadPartAsync(
        string owner, string bucket, string key, string uploadId, int partNumber, Stream body, long? length, WriteIntegrity integrity,
        CancellationToken ct, byte[]? customerKey = null)
    {
        var upload = GetUpload(owner, bucket, key, uploadId);
        CheckPartNumber(partNumber);
        var algorithm = integrity.ChecksumAlgorithm ?? upload.ChecksumAlgorithm;
        using var staged = await WriteBlobAsync(body, length, algorithm, PartCipher(UploadEncryption(uploadId), customerKey, partNumber), ct)
            .ConfigureAwait(false);
        var checksum = VerifyIntegrity(staged, integrity with { ChecksumAlgorithm = algorithm });
        return await CommitPartAsync(uploadId, partNumber, staged, checksum, ct).ConfigureAwait(false);
    }

    /// <summary>Stores bytes [offset, offset+length) of an open object as one part (UploadPartCopy copies the bytes).</summary>
    public async Task<UploadedPart> UploadPartCopyAsync(
        string owner, string bucket, string key, string uploadId, int partNumber, StoredObject source, long offset, long length,
        CancellationToken ct, byte[]? customerKey = null)
    {
        var upload = GetUpload(owner, bucket, key, uploadId);
        CheckPartNumber(partNumber);
        if (length > MaxSinglePutSize) throw new StoreException(StoreErrorCode.EntityTooLarge);
        var cipher = PartCipher(UploadEncryption(uploadId), customerKey, partNumber);
        StagedBlob staged;
        await using (var content = source.OpenRead(offset, length))
            staged = await WriteBlobAsync(content, length, upload.ChecksumAlgorithm, cipher, ct).ConfigureAwait(false);
        using (staged)
        {
            var checksum = staged.ChecksumAlgorithm is { } a ? new ObjectChecksum(a, staged.ChecksumBase64!) : null;
            return await CommitPartAsync(uploadId, partNumber, staged, checksum, ct).ConfigureAwait(false);
        }
    }

    private async Task<UploadedPart> CommitPartAsync(string uploadId, int partNumber, StagedBlob staged, ObjectChecksum? checksum, CancellationToken ct)
    {
        var blobId = staged.Id ?? StoreEmptyPart();
        var modified = Now();
        staged.Publish();
        string? replaced;
        try
        {
            replaced = await _pool.WriteAsync(c =>
            {
                if (c.Command("SELECT 1 FROM uploads WHERE id = @u").Bind("@u", uploadId).ExecuteScalar() is null)
                    throw new StoreException(StoreErrorCode.NoSuchUpload);
                var old = c.Command("SELECT blob FROM upload_parts WHERE upload_id = @u AND part = @p")
                    .Bind("@u", uploadId).Bind("@p", partNumber).ExecuteScalar() as string;
                c.Command("""
                        INSERT OR REPLACE INTO upload_parts (upload_id, part, blob, size, etag, modified, checksum)
                        VALUES (@u, @p, @blob, @size, @etag, @modified, @checksum)
                        """)
                    .Bind("@u", uploadId).Bind("@p", partNumber).Bind("@blob", blobId).Bind("@size", staged.Length)
                    .Bind("@etag", staged.Md5Hex).Bind("@modified", modified).Bind("@checksum", checksum?.Value).ExecuteNonQuery();
                c.Command("INSERT INTO blobs (id) VALUES (@id)").Bind("@id", blobId).ExecuteNonQuery();
                if (old is not null) c.Command("DELETE FROM blobs WHERE id = @id").Bind("@id", old).ExecuteNonQuery();
                return old;
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            staged.Unpublish();
            if (staged.Id is null) _blobs.Delete(blobId);
            throw;
        }
        if (replaced is not null) DeleteBlobs([replaced]);
        return new UploadedPart(partNumber, staged.Length, staged.Md5Hex, FromMillis(modified), checksum);
    }

    /// <summary>A manifest lists every part as a file, so an empty part still gets one (of zero bytes).</summary>
    private string StoreEmptyPart()
    {
        var id = BlobDirectory.NewId();
        File.WriteAllBytes(_blobs.PathOf(id), []);
        return id;
    }

    /// <summary>
    /// Makes the listed parts the object: the object becomes a manifest of the part files (no byte is copied again),
    /// with ETag "md5-of-md5s-N" and the headers and tags given at creation. Parts not listed are deleted.
    /// </summary>
    public async Task<WriteResult> CompleteMultipartUploadAsync(
        string owner, string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, CancellationToken ct,
        WriteCondition? condition = null)
    {
        if (parts.Count == 0) throw new StoreException(StoreErrorCode.MalformedXML, "You must specify at least one part.");
        for (var i = 1; i < parts.Count; i++)
            if (parts[i].PartNumber <= parts[i - 1].PartNumber) throw new StoreException(StoreErrorCode.InvalidPartOrder);
        try
        {
            GetUpload(owner, bucket, key, uploadId);
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.NoSuchUpload)
        {
            // A retried completion (its answer was lost) gets the same answer while the object it made exists.
            if (FindCompletedUpload(bucket, key, uploadId, parts) is { } earlier) return earlier;
            throw;
        }
        var keyBytes = ObjectKeyRules.Encode(key);

        var (result, superseded) = await _pool.WriteAsync(c =>
        {
            var upload = ReadUploadRow(c, uploadId) ?? throw new StoreException(StoreErrorCode.NoSuchUpload);
            var stored = ReadParts(c, uploadId, upload.Info.ChecksumAlgorithm);
            var manifest = new List<ManifestPart>(parts.Count);
            var md5s = new byte[16 * parts.Count];
            long size = 0;
            foreach (var wanted in parts)
            {
                if (!stored.TryGetValue(wanted.PartNumber, out var part)
                    || !string.Equals(part.Part.ETag, NormalizeETag(wanted.ETag), StringComparison.OrdinalIgnoreCase)
                    || (wanted.Checksum is not null && wanted.Checksum != part.Part.Checksum?.Value))
                    throw new StoreException(StoreErrorCode.InvalidPart);
            }
            for (var i = 0; i < parts.Count; i++)
            {
                var wanted = parts[i];
                var part = stored[wanted.PartNumber];
                if (i < parts.Count - 1 && part.Part.Size < MinPartSize)
                    throw new StoreException(StoreErrorCode.EntityTooSmall);
                Convert.FromHexString(part.Part.ETag).CopyTo(md5s, 16 * i);
                manifest.Add(new ManifestPart(wanted.PartNumber, part.BlobId, part.Part.Size));
                size += part.Part.Size;
            }
            var etag = $"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{parts.Count}";
            var checksum = CombineChecksums(upload.Info, parts.Select(p => stored[p.PartNumber].Part).ToList());
            var row = NewRow(bucket, keyBytes, size, etag, null, manifest, upload.Write, checksum);
            var unused = stored.Values.Select(p => p.BlobId).Except(manifest.Select(m => m.BlobId)).ToList();
            foreach (var blob in unused) c.Command("DELETE FROM blobs WHERE id = @id").Bind("@id", blob).ExecuteNonQuery();
            c.Command("DELETE FROM upload_parts WHERE upload_id = @u").Bind("@u", uploadId).ExecuteNonQuery();
            c.Command("DELETE FROM uploads WHERE id = @u").Bind("@u", uploadId).ExecuteNonQuery();
            var change = CommitObject(c, row, condition);
            RecordCompletedUpload(c, uploadId, row, change);
            return (Written(row, change), (Old: change.Superseded, Unused: unused));
        }, ct).ConfigureAwait(false);
        DeleteBlobs(superseded.Unused);
        Reclaim(bucket, key, superseded.Old);
        return result;
    }

    /// <summary>How long a completed upload's answer is kept for a retried CompleteMultipartUpload.</summary>
    private static readonly TimeSpan CompletedUploadMemory = TimeSpan.FromHours(24);

    private static void RecordCompletedUpload(MetadataConnection c, string uploadId, ObjectRow row, VersionChange change)
    {
        c.Command("DELETE FROM completed_uploads WHERE completed < @before")
            .Bind("@before", row.Modified - (long)CompletedUploadMemory.TotalMilliseconds).ExecuteNonQuery();
        c.Command("""
                INSERT INTO completed_uploads (id, bucket, key, object_id, etag, size, completed, checksum_algorithm, checksum, checksum_type, version_id)
                VALUES (@id, @b, @k, @object, @etag, @size, @completed, @ca, @cv, @ctype, @version)
                """)
            .Bind("@id", uploadId).Bind("@b", row.Bucket).Bind("@k", row.Key).Bind("@object", row.Id).Bind("@etag", row.ETag)
            .Bind("@size", row.Size).Bind("@completed", row.Modified).Bind("@ca", row.Checksum?.Algorithm.Name())
            .Bind("@cv", row.Checksum?.Value).Bind("@ctype", TypeName(row.Checksum))
            .Bind("@version", change.Versioned ? ObjectVersionIds.Show(change.VersionId) : null).ExecuteNonQuery();
    }

    /// <summary>The answer of an upload completed earlier with the same parts, while the object it made still exists.</summary>
    private WriteResult? FindCompletedUpload(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts)
    {
        byte[] md5s;
        try
        {
            md5s = parts.SelectMany(p => Convert.FromHexString(NormalizeETag(p.ETag))).ToArray();
        }
        catch (FormatException)
        {
            return null;
        }
        var etag = $"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{parts.Count}";
        using var lease = _pool.Read();
        using var r = lease.Connection.Command("""
                SELECT u.etag, u.size, u.completed, u.checksum_algorithm, u.checksum, u.checksum_type, u.version_id FROM completed_uploads u
                WHERE u.id = @id AND u.bucket = @b AND u.key = @k
                  AND EXISTS (SELECT 1 FROM objects o WHERE o.bucket = u.bucket AND o.key = u.key AND o.id = u.object_id)
                """)
            .Bind("@id", uploadId).Bind("@b", bucket).Bind("@k", ObjectKeyRules.Encode(key)).ExecuteReader();
        if (!r.Read() || r.GetString(0) != etag) return null;
        return new WriteResult(etag, r.GetInt64(1), FromMillis(r.GetInt64(2)),
            ReadChecksum(r.GetNullableString(3), r.GetNullableString(4), r.GetNullableString(5))) { VersionId = r.GetNullableString(6) };
    }

    /// <summary>The whole object's checksum from the parts' checksums: a CRC combined over the bytes (FULL_OBJECT)
    /// or the checksum of the concatenated part checksums with "-N" (COMPOSITE).</summary>
    private static ObjectChecksum? CombineChecksums(MultipartUploadInfo upload, IReadOnlyList<UploadedPart> parts)
    {
        if (upload.ChecksumAlgorithm is not { } algorithm) return null;
        if (parts.Any(p => p.Checksum is null))
            throw new StoreException(StoreErrorCode.InvalidRequest, $"The upload was created using a {algorithm.Name()} checksum. The complete request must include the checksum for each part.");
        if (upload.ChecksumType == ChecksumType.FullObject)
        {
            var (polynomial, width) = algorithm switch
            {
                ChecksumAlgorithm.Crc32 => (Crc32.Polynomial, 32),
                ChecksumAlgorithm.Crc32C => (Crc32C.Polynomial, 32),
                _ => (Crc64Nvme.Polynomial, 64),
            };
            ulong crc = 0;
            foreach (var part in parts)
            {
                var partDigest = Convert.FromBase64String(part.Checksum!.Value);
                var partCrc = width == 32 ? BinaryPrimitives.ReadUInt32BigEndian(partDigest) : BinaryPrimitives.ReadUInt64BigEndian(partDigest);
                crc = CrcCombine.Combine(polynomial, width, crc, partCrc, part.Size);
            }
            var bytes = new byte[width / 8];
            if (width == 32) BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)crc);
            else BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
            return new ObjectChecksum(algorithm, Convert.ToBase64String(bytes));
        }
        var concatenated = parts.SelectMany(p => Convert.FromBase64String(p.Checksum!.Value)).ToArray();
        var digest = ChecksumCalculator.Compute(algorithm, concatenated);
        return new ObjectChecksum(algorithm, $"{Convert.ToBase64String(digest)}-{parts.Count}", ChecksumType.Composite);
    }

    /// <summary>Removes the upload and all its parts.</summary>
    public async Task AbortMultipartUploadAsync(string owner, string bucket, string key, string uploadId, CancellationToken ct)
    {
        GetUpload(owner, bucket, key, uploadId);
        var blobs = await _pool.WriteAsync(c =>
        {
            if (ReadUploadRow(c, uploadId) is null) throw new StoreException(StoreErrorCode.NoSuchUpload);
            var ids = ReadParts(c, uploadId, null).Values.Select(p => p.BlobId).ToList();
            foreach (var id in ids) c.Command("DELETE FROM blobs WHERE id = @id").Bind("@id", id).ExecuteNonQuery();
            c.Command("DELETE FROM upload_parts WHERE upload_id = @u").Bind("@u", uploadId).ExecuteNonQuery();
            c.Command("DELETE FROM uploads WHERE id = @u").Bind("@u", uploadId).ExecuteNonQuery();
            return ids;
        }, ct).ConfigureAwait(false);
        DeleteBlobs(blobs);
    }

    /// <summary>The stored encryption of an upload (null when plain).</summary>
    private string? UploadEncryption(string uploadId)
    {
        using var lease = _pool.Read();
        return ReadUploadRow(lease.Connection, uploadId)?.Write.Encryption;
    }

    /// <summary>The encryption an upload was created with, for the answers to its parts (null when plain).</summary>
    public Encryption.ObjectEncryption? GetUploadEncryption(string owner, string bucket, string key, string uploadId)
    {
        GetUpload(owner, bucket, key, uploadId);
        return Encryption.ObjectEncryption.Decode(UploadEncryption(uploadId));
    }

    private MultipartUploadInfo GetUpload(string owner, string bucket, string key, string uploadId)
    {
        GetBucket(owner, bucket);
        ObjectKeyRules.Encode(key);
        using var lease = _pool.Read();
        var upload = ReadUploadRow(lease.Connection, uploadId);
        if (upload is null || upload.Info.Bucket != bucket || upload.Info.Key != key) throw new StoreException(StoreErrorCode.NoSuchUpload);
        return upload.Info;
    }

    private static void CheckPartNumber(int partNumber)
    {
        if (partNumber is < 1 or > MaxPartNumber)
            throw new StoreException(StoreErrorCode.InvalidArgument, $"Part number must be an integer between 1 and {MaxPartNumber}, inclusive");
    }

    private static string NormalizeETag(string etag) => etag.Trim().Trim('"');

    /// <summary>An upload and the attributes its object gets on completion.</summary>
    private sealed record UploadRow(MultipartUploadInfo Info, ObjectWrite Write);

    private static UploadRow? ReadUploadRow(MetadataConnection c, string uploadId)
    {
        using var r = c.Command("SELECT id, key, initiated, initiator, checksum_algorithm, checksum_type, bucket, content_type, headers, tags, attributes FROM uploads WHERE id = @u")
            .Bind("@u", uploadId).ExecuteReader();
        if (!r.Read()) return null;
        var info = ReadUploadInfo(r, r.GetString(6));
        var write = new ObjectWrite
        {
            Headers = HeadersCodec.Decode(r.GetNullableString(7), r.GetNullableString(8)),
            Tags = TagSet.ParseQueryString(r.GetNullableString(9)),
        };
        return new UploadRow(info, WriteAttributesCodec.Decode(write, r.GetNullableString(10)));
    }

    private static MultipartUploadInfo ReadUploadInfo(Microsoft.Data.Sqlite.SqliteDataReader r, string bucket)
    {
        ChecksumAlgorithm? algorithm = ChecksumAlgorithmNames.TryParse(r.GetNullableString(4), out var a) ? a : null;
        return new MultipartUploadInfo(r.GetString(0), bucket, Encoding.UTF8.GetString(r.GetFieldValue<byte[]>(1)),
            FromMillis(r.GetInt64(2)), r.GetString(3), algorithm,
            r.GetNullableString(5) == "COMPOSITE" ? ChecksumType.Composite : ChecksumType.FullObject);
    }

    private static Dictionary<int, (UploadedPart Part, string BlobId)> ReadParts(MetadataConnection c, string uploadId, ChecksumAlgorithm? algorithm)
    {
        var parts = new Dictionary<int, (UploadedPart, string)>();
        using var r = c.Command("SELECT part, size, etag, modified, checksum, blob FROM upload_parts WHERE upload_id = @u")
            .Bind("@u", uploadId).ExecuteReader();
        while (r.Read()) parts[r.GetInt32(0)] = (ReadPart(r, algorithm), r.GetString(5));
        return parts;
    }

    private static UploadedPart ReadPart(Microsoft.Data.Sqlite.SqliteDataReader r, ChecksumAlgorithm? algorithm)
    {
        var checksum = r.GetNullableString(4);
        return new UploadedPart(r.GetInt32(0), r.GetInt64(1), r.GetString(2), FromMillis(r.GetInt64(3)),
            checksum is null ? null : new ObjectChecksum(algorithm ?? ChecksumAlgorithm.Crc32, checksum));
    }
}
