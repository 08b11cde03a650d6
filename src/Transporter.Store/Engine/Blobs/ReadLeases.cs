namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Keeps data files readable while a reader streams them. A reader takes a lease on its bucket/key before reading the
/// key's metadata; a writer that supersedes the key's data defers deleting the old files while any lease is held,
/// and the last reader out deletes them. A GET that started before an overwrite therefore finishes with the old
/// bytes instead of failing midway.
/// </summary>
internal sealed class ReadLeases
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public static string NameOf(string bucket, string key) => string.Concat(bucket, "/", key);

    public void Acquire(string name)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(name, out var entry)) _entries[name] = entry = new Entry();
            entry.Readers++;
        }
    }

    /// <summary>Ends a lease; returns the blob ids whose deletion waited for it, when it was the last one.</summary>
    public List<string>? Release(string name)
    {
        lock (_entries)
        {
            var entry = _entries[name];
            if (--entry.Readers > 0) return null;
            _entries.Remove(name);
            return entry.Deferred;
        }
    }

    /// <summary>True when readers hold <paramref name="name"/> and the deletion of <paramref name="blobIds"/> was
    /// deferred to the last of them; false when the caller deletes now.</summary>
    public bool DeferDeletion(string name, IEnumerable<string> blobIds)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(name, out var entry)) return false;
            (entry.Deferred ??= []).AddRange(blobIds);
            return true;
        }
    }

    private sealed class Entry
    {
        public int Readers;
        public List<string>? Deferred;
    }
}
