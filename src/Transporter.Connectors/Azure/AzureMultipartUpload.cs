using System.Text;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Parallel block upload: part N is staged with Put Block as block "{upload}-{N:D6}" (fixed width, as Azure
/// requires every block id of a blob to have the same length), and Put Block List commits them. The upload id in
/// the block id keeps two uploads of the same blob from overwriting each other's staged blocks.
/// </summary>
internal sealed class AzureMultipartUpload(AzureClient client, string container, string blob, AzureClient.BlobWriteOptions options) : IMultipartUpload
{
    private readonly string _uploadId = Guid.NewGuid().ToString("N");

    internal string BlockId(int partNumber) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_uploadId}-{partNumber:D6}"));

    public async Task<UploadedPart> UploadPartAsync(int partNumber, Stream content, long length, CancellationToken ct)
    {
        if (partNumber is < 1 or > 50_000)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockId", $"part number {partNumber} is outside 1..50000");
        using var body = new UploadContent(content, length);
        var response = await client.StageBlockAsync(container, blob, BlockId(partNumber), body, ct);
        var md5 = body.Md5Base64();
        if (response.ContentMd5 is not null && response.ContentMd5 != md5)
            throw new ObjectStoreException(ObjectStoreErrorKind.IntegrityMismatch, "Md5Mismatch",
                $"block {partNumber} of {blob}: Azure received MD5 {response.ContentMd5}, sent {md5}");
        return new UploadedPart(partNumber, Convert.ToHexStringLower(Convert.FromBase64String(md5)), length, md5);
    }

    public async Task<ObjectWriteResult> CompleteAsync(IReadOnlyList<UploadedPart> parts, CancellationToken ct)
    {
        if (parts.Count == 0)
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockList", "no parts to commit");
        for (var i = 1; i < parts.Count; i++)
            if (parts[i].PartNumber <= parts[i - 1].PartNumber)
                throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidBlockList", "parts must be in ascending order without duplicates");
        var response = await client.CommitBlockListAsync(container, blob, parts.Select(p => BlockId(p.PartNumber)).ToList(), options, ct);
        // Azure does not check x-ms-blob-content-md5 against the committed blocks, so no whole-object MD5 is claimed.
        return new ObjectWriteResult(response.ETag, null, response.ServerEncrypted);
    }

    /// <summary>Azure cannot delete uncommitted blocks; it discards them after 7 days. Nothing to send.</summary>
    public Task AbortAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
