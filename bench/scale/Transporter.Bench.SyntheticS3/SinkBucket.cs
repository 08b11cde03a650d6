namespace Transporter.Bench.SyntheticS3;

/// <summary>A destination that keeps almost nothing: one bit per generated key received (its content was checked
/// against the generated MD5 on arrival), and the few other objects (a preflight's probe) in a small sorted map.</summary>
public sealed class SinkBucket
{
    private const int ChunkBits = 1 << 20;
    private readonly Dictionary<long, ulong[]> _chunks = [];
    private readonly SortedDictionary<string, (long Size, string ETag)> _others = new(StringComparer.Ordinal);
    private long _highest = -1;

    public void PutGenerated(long index)
    {
        lock (_chunks)
        {
            if (!_chunks.TryGetValue(index / ChunkBits, out var chunk)) _chunks[index / ChunkBits] = chunk = new ulong[ChunkBits / 64];
            chunk[index % ChunkBits / 64] |= 1UL << (int)(index % 64);
            _highest = Math.Max(_highest, index);
        }
    }

    public void PutOther(string key, long size, string etag)
    {
        lock (_chunks) _others[key] = (size, etag);
    }

    public bool Delete(string key)
    {
        var index = SyntheticObjects.IndexOf(key);
        lock (_chunks)
        {
            if (index < 0) return _others.Remove(key);
            if (!Has(index)) return false;
            _chunks[index / ChunkBits][index % ChunkBits / 64] &= ~(1UL << (int)(index % 64));
            return true;
        }
    }

    public bool Has(long index)
    {
        lock (_chunks) return _chunks.TryGetValue(index / ChunkBits, out var chunk) && (chunk[index % ChunkBits / 64] & (1UL << (int)(index % 64))) != 0;
    }

    public (long Size, string ETag)? Other(string key)
    {
        lock (_chunks) return _others.TryGetValue(key, out var o) ? o : null;
    }

    /// <summary>Up to <paramref name="max"/> keys after <paramref name="after"/> in key order: generated indices (as keys)
    /// and other keys merged.</summary>
    public List<(string Key, long Index)> List(string? after, int max)
    {
        var page = new List<(string, long)>();
        lock (_chunks)
        {
            var index = SyntheticObjects.FirstAfter(after, _highest + 1);
            using var others = _others.Keys.Where(k => after is null || string.CompareOrdinal(k, after) > 0).GetEnumerator();
            var hasOther = others.MoveNext();
            while (page.Count < max)
            {
                while (index <= _highest && !Has(index)) index++;
                var generated = index <= _highest ? SyntheticObjects.Key(index) : null;
                if (generated is null && !hasOther) break;
                if (hasOther && (generated is null || string.CompareOrdinal(others.Current, generated) < 0))
                {
                    page.Add((others.Current, -1));
                    hasOther = others.MoveNext();
                }
                else
                {
                    page.Add((generated!, index));
                    index++;
                }
            }
        }
        return page;
    }
}
