using Transporter.Core.Storage;

namespace Transporter.Core.Migrations;

/// <summary>Groups listed objects into batches of at most <see cref="CopyBatch.MaxObjects"/> objects or
/// <see cref="CopyBatch.MaxBytes"/> bytes; an object larger than that travels alone. Keeps the listing order.</summary>
public sealed class BatchAccumulator
{
    private readonly int _maxObjects;
    private readonly long _maxBytes;
    private List<ObjectSummary> _current = [];
    private long _bytes;

    public BatchAccumulator(int maxObjects = CopyBatch.MaxObjects, long maxBytes = CopyBatch.MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjects, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxObjects = maxObjects;
        _maxBytes = maxBytes;
    }

    /// <summary>Objects added and not yet handed out in a batch.</summary>
    public int Pending => _current.Count;

    /// <summary>Adds <paramref name="item"/>; returns the batches it completed (zero, one, or two when a large
    /// object closes the current batch and then travels alone).</summary>
    public IReadOnlyList<IReadOnlyList<ObjectSummary>> Add(ObjectSummary item)
    {
        if (item.Size > _maxBytes)
        {
            var flushed = Flush();
            return flushed is null ? [[item]] : [flushed, [item]];
        }
        IReadOnlyList<ObjectSummary>? full = null;
        if (_current.Count > 0 && (_current.Count >= _maxObjects || _bytes + item.Size > _maxBytes)) full = Flush();
        _current.Add(item);
        _bytes += item.Size;
        if (_current.Count >= _maxObjects && full is null) full = Flush();
        return full is null ? [] : [full];
    }

    /// <summary>The objects added since the last batch, as a batch; null when there are none.</summary>
    public IReadOnlyList<ObjectSummary>? Flush()
    {
        if (_current.Count == 0) return null;
        var batch = _current;
        _current = [];
        _bytes = 0;
        return batch;
    }
}
