namespace Transporter.Core.Plans;

/// <summary>
/// What a plan's scan has counted so far: objects, bytes and, per <see cref="SizeBins"/> bin, objects and bytes, up to
/// <see cref="LastKey"/> (the checkpoint a resumed scan continues after). Constant size however many objects are
/// counted: a scan of millions of objects holds nothing else.
/// </summary>
public sealed class PlanTally
{
    private readonly long[] _bins;
    private readonly long[] _binBytes;

    public PlanTally() : this(null, 0, 0, new long[SizeBins.Count])
    {
    }

    /// <param name="binBytes">Bytes per bin; null for a plan counted before they were (<see cref="BinBytes"/> is then
    /// null too).</param>
    public PlanTally(string? lastKey, long objects, long bytes, IReadOnlyList<long> bins, IReadOnlyList<long>? binBytes = null)
    {
        if (bins.Count != SizeBins.Count) throw new ArgumentException($"expected {SizeBins.Count} bins, got {bins.Count}", nameof(bins));
        if (binBytes is not null && binBytes.Count != SizeBins.Count) throw new ArgumentException($"expected {SizeBins.Count} bins", nameof(binBytes));
        LastKey = lastKey;
        Objects = objects;
        Bytes = bytes;
        _bins = [.. bins];
        // A tally that starts empty counts bytes per bin from the start; an old one resumed without them never will.
        _binBytes = binBytes is not null ? [.. binBytes] : objects == 0 ? new long[SizeBins.Count] : [];
    }

    public string? LastKey { get; private set; }
    public long Objects { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Objects per bin, in <see cref="SizeBins.All"/> order.</summary>
    public IReadOnlyList<long> Bins => _bins;

    /// <summary>Bytes per bin, in <see cref="SizeBins.All"/> order; null when the plan was counted without them.</summary>
    public IReadOnlyList<long>? BinBytes => _binBytes.Length == 0 ? null : _binBytes;

    public void Add(string key, long size)
    {
        LastKey = key;
        Objects++;
        Bytes += Math.Max(0, size);
        var bin = SizeBins.IndexOf(size);
        _bins[bin]++;
        if (_binBytes.Length > 0) _binBytes[bin] += Math.Max(0, size);
    }

    /// <summary>A copy that later <see cref="Add"/> calls do not change (what a checkpoint writes).</summary>
    public PlanTally Snapshot() => new(LastKey, Objects, Bytes, _bins, BinBytes);
}
