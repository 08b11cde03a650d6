using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Bytes written to a temporary file and flushed to disk, with their digests, not yet visible to anyone. Publish moves
/// the file into place; disposing an unpublished blob deletes it, so a refused write leaves nothing behind.
/// </summary>
internal sealed class StagedBlob(BlobDirectory directory, string id, string? tempPath, long length, byte[] md5, byte[]? checksum,
    ChecksumAlgorithm? checksumAlgorithm) : IDisposable
{
    private bool _published;

    /// <summary>The data file's id; null for an empty body (no file is kept for zero bytes).</summary>
    public string? Id { get; } = tempPath is null ? null : id;

    public long Length { get; } = length;

    public byte[] Md5 { get; } = md5;

    public string Md5Hex => Convert.ToHexStringLower(Md5);

    /// <summary>The raw digest of <see cref="ChecksumAlgorithm"/> when one was computed.</summary>
    public byte[]? Checksum { get; } = checksum;

    public ChecksumAlgorithm? ChecksumAlgorithm { get; } = checksumAlgorithm;

    public string? ChecksumBase64 => Checksum is null ? null : Convert.ToBase64String(Checksum);

    public void Publish()
    {
        if (tempPath is not null) directory.Publish(tempPath, id);
        _published = true;
    }

    /// <summary>Removes the published file again after its metadata commit failed.</summary>
    public void Unpublish()
    {
        if (_published && Id is not null) directory.Delete(Id);
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
