namespace Transporter.Core.Plans;

/// <summary>
/// What a plan's scan has counted so far: objects, bytes and one counter per <see cref="SizeBins"/> bin, up to
/// <see cref="LastKey"/> (the checkpoint a resumed scan continues after). Constant size however many objects are
/// counted: a scan of millions of objects holds nothing else.
/// </summary>
public sealed class PlanTally
{
    private readonly long[] _bins;

    public PlanTally() : this(null, 0, 0, new long[SizeBins.Count])
    {
    }

    public PlanTally(string? lastKey, long objects, long bytes, IReadOnlyList<long> bins)
    {
        if (bins.Count != SizeBins.Count) throw new ArgumentException($"expected {SizeBins.Count} bins, got {bins.Count}", nameof(bins));
        LastKey = lastKey;
        Objects = objects;
        Bytes = bytes;
        _bins = [.. bins];
    }

    public string? LastKey { get; private set; }
    public long Objects { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Objects per bin, in <see cref="SizeBins.All"/> order.</summary>
    public IReadOnlyList<long> Bins => _bins;

    public void Add(string key, long size)
    {
        LastKey = key;
        Objects++;
        Bytes += Math.Max(0, size);
        _bins[SizeBins.IndexOf(size)]++;
    }

    /// <summary>A copy that later <see cref="Add"/> calls do not change (what a checkpoint writes).</summary>
    public PlanTally Snapshot() => new(LastKey, Objects, Bytes, _bins);
}
