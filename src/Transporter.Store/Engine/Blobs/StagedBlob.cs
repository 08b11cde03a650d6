using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Bytes written to a temporary file and flushed to disk, with their digests, not yet visible to anyone. Publish moves
/// the file into place; disposing an unpublished blob deletes it, so a refused write leaves nothing behind. A small
/// body kept in memory (<see cref="Inline"/>) has no file: it is stored with the object's row, in the same transaction.
/// </summary>
internal sealed class StagedBlob(BlobDirectory? directory, string id, string? tempPath, long length, byte[] md5, byte[]? checksum,
    ChecksumAlgorithm? checksumAlgorithm) : IDisposable
{
    private bool _published;

    /// <summary>A body held in memory, to be stored inline under a new <see cref="InlineBlobs"/> id.</summary>
    public static StagedBlob InMemory(byte[] content, byte[] md5, byte[]? checksum, ChecksumAlgorithm? checksumAlgorithm) =>
        new(null, InlineBlobs.NewId(), null, content.Length, md5, checksum, checksumAlgorithm) { Inline = content };

    /// <summary>The data's id: a data file's, or an inline one's; null for an empty body (nothing is kept for zero bytes).</summary>
    public string? Id => Inline is not null ? id : tempPath is null ? null : id;

    /// <summary>The bytes of a body kept in memory (stored with the row); null when they are in a file.</summary>
    public byte[]? Inline { get; private init; }

    public long Length { get; } = length;

    public byte[] Md5 { get; } = md5;

    public string Md5Hex => Convert.ToHexStringLower(Md5);

    /// <summary>The raw digest of <see cref="ChecksumAlgorithm"/> when one was computed.</summary>
    public byte[]? Checksum { get; } = checksum;

    public ChecksumAlgorithm? ChecksumAlgorithm { get; } = checksumAlgorithm;

    public string? ChecksumBase64 => Checksum is null ? null : Convert.ToBase64String(Checksum);

    public void Publish()
    {
        if (tempPath is not null) directory!.Publish(tempPath, id);
        _published = true;
    }

    /// <summary>Removes the published file again after its metadata commit failed.</summary>
    public void Unpublish()
    {
        if (_published && tempPath is not null) directory!.Delete(id);
    }

    public void Dispose()
    {
        if (_published || tempPath is null) return;
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // Start-up clears tmp/ anyway.
        }
    }
}
