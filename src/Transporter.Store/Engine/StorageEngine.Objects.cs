using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;
using Transporter.Store.Engine.Naming;

namespace Transporter.Store.Engine;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Stores <paramref name="body"/> under <paramref name="key"/>, replacing what the key held once the bytes are
    /// complete, verified and on disk. Concurrent writers of one key: the last to commit wins, never a mix.
    /// </summary>
    /// <param name="length">The declared length (Content-Length); IncompleteBody when the body ends early.</param>
    public async Task<WriteResult> PutObjectAsync(
        string owner, string bucket, string key, Stream body, long? length, ObjectWrite write, WriteIntegrity integrity, CancellationToken ct)
    {
        var info = GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        ValidateAttributes(write.Headers, write.Tags);
        CheckLockAttributes(info, write);
        // Checked before the bytes arrive (a refused write reads no body) and again in the commit.
        if (write.Condition is { } condition) condition.Check(ReadCurrentETag(bucket, keyBytes));
        var (encrypted, cipher) = StartEncryption(write, part: 0);
        write = encrypted;
        using var staged = await WriteBlobAsync(body, length, integrity.ChecksumAlgorithm, cipher, ct, inline: true).ConfigureAwait(false);
        var checksum = VerifyIntegrity(staged, integrity);
        return await CommitStagedAsync(bucket, key, keyBytes, staged, write, checksum, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// DeleteObject: without <paramref name="versionId"/>, removes the key (never versioned), or adds a delete marker
    /// (Enabled; Suspended: a "null" marker replacing the "null" version). With one, removes that version for good;
    /// when it was current, the next newest becomes current. A key or version that does not exist is no error.
    /// </summary>
    public async Task<DeleteResult> DeleteObjectAsync(
        string owner, string bucket, string key, CancellationToken ct, string? versionId = null, bool bypassGovernance = false)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        if (versionId is not null) ObjectVersionIds.Parse(versionId);
        var (result, superseded) = await _pool.WriteAsync(c => DeleteInTransaction(c, bucket, keyBytes, versionId, bypassGovernance), ct)
            .ConfigureAwait(false);
        Reclaim(bucket, key, superseded);
        return result;
    }

    /// <summary>Deletes several keys (or versions) in one transaction; one that is refused gets its own error, the
    /// others proceed.</summary>
    public async Task<IReadOnlyList<DeleteOutcome>> DeleteObjectsAsync(
        string owner, string bucket, IReadOnlyList<ObjectToDelete> objects, CancellationToken ct, bool bypassGovernance = false)
    {
        GetBucket(owner, bucket);
        var outcomes = new DeleteOutcome[objects.Count];
        var valid = new List<(int Index, byte[] Bytes)>();
        for (var i = 0; i < objects.Count; i++)
        {
            try
            {
                if (objects[i].VersionId is { } v) ObjectVersionIds.Parse(v);
                valid.Add((i, ObjectKeyRules.Encode(objects[i].Key)));
            }
            catch (StoreException e)
            {
                outcomes[i] = Refused(objects[i], e);
            }
        }
        var reclaimed = await _pool.WriteAsync(c =>
        {
            var result = new List<(string Key, List<string> Blobs)>();
            foreach (var (index, keyBytes) in valid)
            {
                var entry = objects[index];
                // A savepoint per entry: a refused one leaves no half-done change behind, the others still commit.
                c.Execute("SAVEPOINT entry");
                try
                {
                    var (deleted, blobs) = DeleteInTransaction(c, bucket, keyBytes, entry.VersionId, bypassGovernance);
                    c.Execute("RELEASE entry");
                    outcomes[index] = new DeleteOutcome(entry.Key, null, null) { VersionId = entry.VersionId, Result = deleted };
                    result.Add((entry.Key, blobs));
                }
                catch (StoreException e)
                {
                    c.Execute("ROLLBACK TO entry");
                    c.Execute("RELEASE entry");
                    outcomes[index] = Refused(entry, e);
                }
            }
            return result;
        }, ct).ConfigureAwait(false);
        foreach (var (key, blobs) in reclaimed) Reclaim(bucket, key, blobs);
        return outcomes;
    }

    private static DeleteOutcome Refused(ObjectToDelete entry, StoreException e) =>
        new(entry.Key, e.Code, e.HasClientMessage ? e.Message : null) { VersionId = entry.VersionId };

    /// <summary>One DeleteObject inside the writer's transaction; returns what it did and the data files to reclaim.</summary>
    private (DeleteResult Result, List<string> Superseded) DeleteInTransaction(
        MetadataConnection c, string bucket, byte[] key, string? versionId, bool bypassGovernance)
    {
        var current = ReadCurrentSummary(c, bucket, key);
        if (versionId is not null)
        {
            var stored = ObjectVersionIds.Parse(versionId);
            if (current is not null && current.VersionId == stored)
            {
                CheckRemovable(current.LockMode, current.LockUntil, current.LegalHold, bypassGovernance);
                var blobs = DeleteVersionRow(c, bucket, key, current.Id, current: true);
                var promoted = PromoteNewestVersion(c, bucket, key);
                UpdateUsage(c, bucket, -current.Size, promoted ? 0 : -1);
                return (new DeleteResult(versionId, false), blobs);
            }
            if (ReadNoncurrentSummary(c, bucket, key, stored) is not { } old) return (new DeleteResult(versionId, false), []);
            if (!old.DeleteMarker) CheckRemovable(old.LockMode, old.LockUntil, old.LegalHold, bypassGovernance);
            var removed = DeleteVersionRow(c, bucket, key, old.Id, current: false);
            var madeCurrent = PromoteNewestVersion(c, bucket, key);
            UpdateUsage(c, bucket, -old.Size, madeCurrent ? 1 : 0);
            return (new DeleteResult(versionId, old.DeleteMarker), removed);
        }

        var versioning = BucketVersioning(bucket);
        var superseded = new List<string>();
        if (versioning == VersioningState.Unversioned)
        {
            if (current is null) return (DeleteResult.Unversioned, superseded);
            superseded.AddRange(DeleteVersionRow(c, bucket, key, current.Id, current: true));
            UpdateUsage(c, bucket, -current.Size, -1);
            return (DeleteResult.Unversioned, superseded);
        }
        long bytes = 0;
        if (current is not null)
        {
            if (versioning == VersioningState.Suspended && current.VersionId is null)
            {
                superseded.AddRange(DeleteVersionRow(c, bucket, key, current.Id, current: true));
                bytes -= current.Size;
            }
            else MoveCurrentToHistory(c, bucket, key);
        }
        string? markerId = null;
        if (versioning == VersioningState.Enabled) markerId = ObjectVersionIds.New();
        else bytes -= RemoveNullHistoryVersion(c, bucket, key, superseded);
        InsertDeleteMarker(c, bucket, key, markerId, Now(), null);
        UpdateUsage(c, bucket, bytes, current is null ? 0 : -1);
        return (new DeleteResult(ObjectVersionIds.Show(markerId), true), superseded);
    }

    /// <summary>
    /// Copies an open object to <paramref name="key"/> (the bytes are copied; the source may be the target itself
    /// when the directives replace its metadata). The source's checksum algorithm is kept and recomputed.
    /// </summary>
    /// <param name="write">The copy's other attributes (lock, ACL, condition); its headers and tags are replaced by the
    /// directives' choice.</param>
    public async Task<WriteResult> CopyObjectAsync(
        string owner, StoredObject source, string bucket, string key, CopyDirectives directives, CancellationToken ct, ObjectWrite? write = null)
    {
        var target = GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        if (write is not null) CheckLockAttributes(target, write);
        if (source.Info.Size > MaxSinglePutSize)
            throw new StoreException(StoreErrorCode.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {MaxSinglePutSize}");
        var headers = directives.ReplaceHeaders ?? source.Info.Headers;
        var tags = directives.ReplaceTags ?? ReadTagsOf(source.Info);
        ValidateAttributes(headers, tags);
        var algorithm = source.Info.Checksum?.Algorithm;
        var (attributes, cipher) = StartEncryption((write ?? new ObjectWrite()) with { Headers = headers, Tags = tags }, part: 0);
        StagedBlob staged;
        await using (var content = source.OpenRead(0, source.Info.Size))
            staged = await WriteBlobAsync(content, source.Info.Size, algorithm, cipher, ct, inline: true).ConfigureAwait(false);
        using (staged)
        {
            var checksum = algorithm is { } a ? new ObjectChecksum(a, staged.ChecksumBase64!) : null;
            return await CommitStagedAsync(bucket, key, keyBytes, staged, attributes, checksum, ct).ConfigureAwait(false);
        }
    }

    private async Task<WriteResult> CommitStagedAsync(
        string bucket, string key, byte[] keyBytes, StagedBlob staged, ObjectWrite write, ObjectChecksum? checksum, CancellationToken ct)
    {
        var row = NewRow(bucket, keyBytes, staged.Length, staged.Md5Hex, staged.Id, [], write, checksum) with { InlineData = staged.Inline };
        var condition = write.Condition;
        staged.Publish();
        VersionChange change;
        try
        {
            change = await _pool.WriteAsync(c => CommitObject(c, row, condition), ct).ConfigureAwait(false);
        }
        catch
        {
            staged.Unpublish();
            throw;
        }
        Reclaim(bucket, key, change.Superseded);
        return Written(row, change);
    }

    /// <summary>Streams a body to a staged data file, encrypting it on the way when <paramref name="cipher"/> is set.</summary>
    /// <param name="inline">A whole object (not a part): kept in memory for the database when it is small enough.</param>
    private async Task<StagedBlob> WriteBlobAsync(
        Stream body, long? length, ChecksumAlgorithm? algorithm, Encryption.AesCtr? cipher, CancellationToken ct, bool inline = false)
    {
        using (cipher)
            return await BlobWriter.WriteAsync(_blobs, body, length, algorithm, MaxSinglePutSize, ct, cipher,
                inline ? _options.InlineMaxObjectBytes : 0).ConfigureAwait(false);
    }

    private static WriteResult Written(ObjectRow row, VersionChange change) =>
        new(row.ETag, row.Size, FromMillis(row.Modified), row.Checksum)
        {
            VersionId = change.Versioned ? ObjectVersionIds.Show(change.VersionId) : null,
            Encryption = row.Encryption,
        };

    private string? ReadCurrentETag(string bucket, byte[] keyBytes)
    {
        using var lease = _pool.Read();
        return CurrentETag(lease.Connection, bucket, keyBytes);
    }

    private static void ValidateAttributes(ObjectHeaders headers, TagSet tags)
    {
        if (headers.UserMetadataBytes() > ObjectHeaders.MaxUserMetadataBytes)
            throw new StoreException(StoreErrorCode.MetadataTooLarge,
                $"Your metadata headers exceed the maximum allowed metadata size of {ObjectHeaders.MaxUserMetadataBytes} bytes.");
        tags.Validate();
    }

    /// <summary>Checks Content-MD5 and the additional checksum against what was received (BadDigest).</summary>
    private static ObjectChecksum? VerifyIntegrity(StagedBlob staged, WriteIntegrity integrity)
    {
        if (integrity.ContentMd5 is { } md5 && !md5.AsSpan().SequenceEqual(staged.Md5))
            throw new StoreException(StoreErrorCode.BadDigest, "The Content-MD5 you specified did not match what we received.");
        if (staged.Checksum is not { } actual || staged.ChecksumAlgorithm is not { } algorithm) return null;
        var expected = integrity.ExpectedChecksum ?? integrity.TrailingChecksum?.Invoke();
        if (expected is not null)
        {
            var decoded = DecodeChecksum(algorithm, expected);
            if (!decoded.AsSpan().SequenceEqual(actual))
                throw new StoreException(StoreErrorCode.BadDigest, $"The {algorithm.Name()} you specified did not match the calculated checksum.");
        }
        return new ObjectChecksum(algorithm, Convert.ToBase64String(actual));
    }

    /// <summary>The raw digest of a base64 checksum value; InvalidRequest when it is not one.</summary>
    internal static byte[] DecodeChecksum(ChecksumAlgorithm algorithm, string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            if (bytes.Length == algorithm.DigestLength()) return bytes;
        }
        catch (FormatException)
        {
        }
        throw new StoreException(StoreErrorCode.InvalidRequest, $"Value for {algorithm.HeaderName()} header is invalid.");
    }
}
