using System.Collections.Concurrent;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// The bytes of small data files kept in memory, so a hot small object is served without opening its file. Data
/// files never change once published, so an entry can only become unused, never wrong; deleted files are dropped.
/// Bounded in bytes; cleared when full.
/// </summary>
internal sealed class BlobContentCache(long capacityBytes, int maxEntryBytes)
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>True when files of <paramref name="length"/> bytes are cached at all.</summary>
    public bool Caches(long length) => capacityBytes > 0 && length <= maxEntryBytes;

    public byte[]? TryGet(string blobId) => _entries.TryGetValue(blobId, out var content) ? content : null;

    public void Add(string blobId, byte[] content)
    {
        if (!Caches(content.Length)) return;
        if (Interlocked.Add(ref _bytes, content.Length) > capacityBytes)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, content.Length);
        }
        _entries[blobId] = content;
    }

    public void Remove(string blobId) => _entries.TryRemove(blobId, out _);
}
