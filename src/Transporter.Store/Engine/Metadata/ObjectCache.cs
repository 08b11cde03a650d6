using System.Collections.Concurrent;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// Object rows recently read for GET/HEAD, so that a hot key is served without a SQLite query. Every commit that
/// changes a key invalidates it; a reader only adds what it loaded when no commit happened since it started
/// loading (a generation counter), so a row read just before a commit never outlives it. Bounded: cleared when
/// full (this process is the only writer of its data dir).
/// </summary>
internal sealed class ObjectCache(int capacity)
{
    private readonly ConcurrentDictionary<string, CachedObject> _entries = new(StringComparer.Ordinal);
    private long _generation;
    private int _count;

    /// <summary>Take before reading a row from the database; pass to <see cref="Add"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string name, out CachedObject entry) => _entries.TryGetValue(name, out entry!);

    public void Add(string name, CachedObject entry, long generationBeforeRead)
    {
        if (capacity == 0 || Generation != generationBeforeRead) return;
        if (Interlocked.Increment(ref _count) > capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        _entries[name] = entry;
        // A commit between the check above and the insert: its invalidation may have run before the insert.
        if (Generation != generationBeforeRead) _entries.TryRemove(KeyValuePair.Create(name, entry));
    }

    /// <summary>Called after every commit that changes the key (and before its old data files are reclaimed).</summary>
    public void Invalidate(string name)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(name, out _);
    }
}
