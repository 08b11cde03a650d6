namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Small objects live inside the metadata database (table <c>inline_data</c>, StoreSchema step 4) instead of as files:
/// a file per object costs an inode, a directory entry, an fsync and a rename, several times the work of the object's
/// own bytes, and on a filesystem that has created and deleted many files ext4's inode allocation alone took about a
/// third of the store's CPU per 4 KiB PUT. The bytes are written in the same transaction as the object's row, so they
/// are exactly as durable as the row that makes them visible, and deleted with it. Their ids carry a marker that
/// no data file id has (those are 32 hex characters), so every reader knows where the bytes are without a lookup.
/// </summary>
internal static class InlineBlobs
{
    private const char Marker = '~';

    public static string NewId() => Marker + BlobDirectory.NewId();

    public static bool IsInline(string blobId) => blobId.Length > 0 && blobId[0] == Marker;
}
