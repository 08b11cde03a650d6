using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Checksums;
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
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        ValidateAttributes(write.Headers, write.Tags);
        using var staged = await BlobWriter.WriteAsync(_blobs, body, length, integrity.ChecksumAlgorithm, MaxSinglePutSize, ct).ConfigureAwait(false);
        var checksum = VerifyIntegrity(staged, integrity);
        return await CommitStagedAsync(bucket, key, keyBytes, staged, write.Headers, write.Tags, checksum, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes the key; nothing happens (and no error) when it does not exist.</summary>
    public async Task DeleteObjectAsync(string owner, string bucket, string key, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        var superseded = await _pool.WriteAsync(c =>
        {
            var blobs = RemoveObjectRows(c, bucket, keyBytes, out var size, out var existed);
            if (existed) UpdateUsage(c, bucket, -size, -1);
            return blobs;
        }, ct).ConfigureAwait(false);
        Reclaim(bucket, key, superseded);
    }

    /// <summary>Deletes several keys in one transaction; an invalid key gets its own error, the others proceed.</summary>
    public async Task<IReadOnlyList<DeleteOutcome>> DeleteObjectsAsync(string owner, string bucket, IReadOnlyList<string> keys, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        var outcomes = new DeleteOutcome[keys.Count];
        var valid = new List<(int Index, byte[] Bytes)>();
        for (var i = 0; i < keys.Count; i++)
        {
            try
            {
                valid.Add((i, ObjectKeyRules.Encode(keys[i])));
            }
            catch (StoreException e)
            {
                outcomes[i] = new DeleteOutcome(keys[i], e.Code, e.HasClientMessage ? e.Message : null);
            }
        }
        var reclaimed = await _pool.WriteAsync(c =>
        {
            var result = new List<(string Key, List<string> Blobs)>();
            long bytes = 0, objects = 0;
            foreach (var (index, keyBytes) in valid)
            {
                var blobs = RemoveObjectRows(c, bucket, keyBytes, out var size, out var existed);
                if (existed)
                {
                    bytes -= size;
                    objects--;
                    result.Add((keys[index], blobs));
                }
            }
            if (objects != 0) UpdateUsage(c, bucket, bytes, objects);
            return result;
        }, ct).ConfigureAwait(false);
        foreach (var (key, blobs) in reclaimed) Reclaim(bucket, key, blobs);
        foreach (var (index, _) in valid) outcomes[index] = new DeleteOutcome(keys[index], null, null);
        return outcomes;
    }

    /// <summary>
    /// Copies an open object to <paramref name="key"/> (the bytes are copied; the source may be the target itself
    /// when the directives replace its metadata). The source's checksum algorithm is kept and recomputed.
    /// </summary>
    public async Task<WriteResult> CopyObjectAsync(string owner, StoredObject source, string bucket, string key, CopyDirectives directives, CancellationToken ct)
    {
        GetBucket(owner, bucket);
        var keyBytes = ObjectKeyRules.Encode(key);
        if (source.Info.Size > MaxSinglePutSize)
            throw new StoreException(StoreErrorCode.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {MaxSinglePutSize}");
        var headers = directives.ReplaceHeaders ?? source.Info.Headers;
        var tags = directives.ReplaceTags ?? ReadTagsOf(source.Info);
        ValidateAttributes(headers, tags);
        var algorithm = source.Info.Checksum?.Algorithm;
        StagedBlob staged;
        await using (var content = source.OpenRead(0, source.Info.Size))
            staged = await BlobWriter.WriteAsync(_blobs, content, source.Info.Size, algorithm, MaxSinglePutSize, ct).ConfigureAwait(false);
        using (staged)
        {
            var checksum = algorithm is { } a ? new ObjectChecksum(a, staged.ChecksumBase64!) : null;
            return await CommitStagedAsync(bucket, key, keyBytes, staged, headers, tags, checksum, ct).ConfigureAwait(false);
        }
    }

    private async Task<WriteResult> CommitStagedAsync(
        string bucket, string key, byte[] keyBytes, StagedBlob staged, ObjectHeaders headers, TagSet tags, ObjectChecksum? checksum, CancellationToken ct)
    {
        var row = new ObjectRow(bucket, keyBytes, BlobDirectory.NewId(), staged.Length, staged.Md5Hex, Now(), staged.Id, [],
            headers, tags, checksum);
        staged.Publish();
        List<string> superseded;
        try
        {
            superseded = await _pool.WriteAsync(c => CommitObject(c, row), ct).ConfigureAwait(false);
        }
        catch
        {
            staged.Unpublish();
            throw;
        }
        Reclaim(bucket, key, superseded);
        return new WriteResult(row.ETag, row.Size, FromMillis(row.Modified), checksum);
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
