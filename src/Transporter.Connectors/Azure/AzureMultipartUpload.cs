using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Parallel block upload: part N is staged with Put Block as block "{upload}-{N:D6}" (fixed width, as Azure
/// requires every block id of a blob to have the same length), and Put Block List commits them. The upload id in
/// the block id keeps two uploads of the same blob from overwriting each other's staged blocks, and lets another
/// process resume the upload: the blob's uncommitted block list names the blocks staged (with their sizes; Azure keeps
/// them 7 days). Each block is hashed as it is sent and checked against the Content-MD5 Azure computed over what it received.
/// </summary>
internal sealed class AzureMultipartUpload(BlockBlobClient blob, AzureWriteOptions options, string uploadId) : IMultipartUpload
{
    public static string NewUploadId() => Guid.NewGuid().ToString("N");

    public string UploadId => uploadId;

    internal string BlockId(int partNumber) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}-{partNumber:D6}"));

    /// <summary>The uncommitted blocks of this upload. Azure reports no checksum of an uncommitted block: the ETag is empty.</summary>
    public async Task<IReadOnlyList<UploadedPart>> ListPartsAsync(CancellationToken ct)
    {
        BlockList list;
        try
        {
            list = (await AzureErrorMapping.RunAsync(() => blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: ct), ct)).Value;
        }
        catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
        {
            // No block staged yet (a blob with uncommitted blocks only is listed as such).
            return [];
        }
        var prefix = uploadId + "-";
        var parts = new List<UploadedPart>();
        foreach (var block in list.UncommittedBlocks ?? [])
        {
            var name = Encoding.ASCII.GetString(Convert.FromBase64String(block.Name));
            if (name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), out var number))
                parts.Add(new UploadedPart(number, "", block.SizeLong));
        }
        return parts;
    }

    public async Task<UploadedPart> UploadPartAsync(int partNumber, Stream content, long length, CancellationToken ct)
    {
        if (partNumber is < 1 or > 50_000)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockId", $"part number {partNumber} is outside 1..50000");
        using var body = new UploadContent(content, length, seekableInPlace: true);
        var staged = await AzureErrorMapping.RunAsync(async () =>
        {
            using var scope = AzureUploadPolicy.Scope(body);
            return await blob.StageBlockAsync(BlockId(partNumber), body, new BlockBlobStageBlockOptions(), ct);
        }, ct);
        var md5 = body.Md5Base64();
        var received = staged.Value.ContentHash is { Length: > 0 } hash ? Convert.ToBase64String(hash) : null;
        if (received is not null && received != md5)
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "Md5Mismatch",
                $"block {partNumber} of {blob.Name}: Azure received MD5 {received}, sent {md5}");
        return new UploadedPart(partNumber, Convert.ToHexStringLower(Convert.FromBase64String(md5)), length, md5);
    }

    public async Task<ObjectWriteResult> CompleteAsync(IReadOnlyList<UploadedPart> parts, CancellationToken ct)
    {
        if (parts.Count == 0)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockList", "no parts to commit");
        for (var i = 1; i < parts.Count; i++)
            if (parts[i].PartNumber <= parts[i - 1].PartNumber)
                throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockList", "parts must be in ascending order without duplicates");
        var committed = await AzureErrorMapping.RunAsync(() => blob.CommitBlockListAsync(parts.Select(p => BlockId(p.PartNumber)), new CommitBlockListOptions
        {
            HttpHeaders = options.Headers,
            Metadata = options.Metadata,
            Tags = options.Tags.Count > 0 ? options.Tags : null,
            AccessTier = options.Tier,
        }, ct), ct);
        // Azure does not check x-ms-blob-content-md5 against the committed blocks, so no whole-object MD5 is claimed.
        return new ObjectWriteResult(AzureMetadataMapping.ETagText(committed.Value.ETag), null, ServerSideEncrypted: true);
    }

    /// <summary>Azure cannot delete uncommitted blocks; it discards them after 7 days. Nothing to send.</summary>
    public Task AbortAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
