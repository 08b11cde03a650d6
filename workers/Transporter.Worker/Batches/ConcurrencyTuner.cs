namespace Transporter.Worker.Batches;

/// <summary>
/// How many objects a process copies at once, found by climbing (docs/migration-engine.md, "Copies in flight"): while
/// every slot is busy, one more step of slots is tried each interval and kept as long as objects per second grow with
/// it; when they do not, the last step is taken back and the level held for a while before the next probe. The size
/// of a step follows the last one's pay: after a step that raised objects per second by at least half as much as it
/// raised the level (throughput still grows with the copies, as at cloud latency), the next step doubles the level;
/// otherwise (near the knee, or after a failed step or throttling) it adds a quarter. So a migration at latency reaches
/// its level in a few intervals, also when an earlier one at loopback left the tuner probing by quarters. Throttling
/// (an endpoint with a limited request rate) takes a quarter off: more copies in flight would only queue for the
/// endpoint. Never below <see cref="Floor"/> (TRANSPORTER_COPY_CONCURRENCY) nor above <see cref="Max"/>.
/// </summary>
/// <remarks>At loopback a copy takes about a millisecond of work and the floor keeps the cores busy; at cloud latency a
/// copy spends tens of milliseconds waiting for answers, and throughput grows with the copies in flight until the
/// endpoints, the bandwidth or the CPU is the limit: that point moves with the run, so it is searched, not configured.</remarks>
public sealed class ConcurrencyTuner(int floor, int max)
{
    /// <summary>A raise is kept when objects per second grew by at least this factor.</summary>
    public const double Gain = 1.05;

    /// <summary>Intervals the level is held after a step back, before probing again.</summary>
    public const int HoldIntervals = 5;

    private double? _rateBefore;
    private int _levelBefore;
    private int _hold;
    private bool _doubling = true;

    /// <summary>A kept step whose objects per second grew by at least this share of the level's growth makes the next
    /// step a doubling.</summary>
    public const double ProportionalShare = 0.5;

    public int Floor { get; } = floor;

    public int Max { get; } = Math.Max(floor, max);

    public int Level { get; private set; } = floor;

    /// <summary>One interval's verdict: <paramref name="objectsPerSecond"/> completed, whether copies waited for a slot
    /// (<paramref name="saturated"/>), and whether an endpoint throttled. Returns the new level.</summary>
    public int Next(double objectsPerSecond, bool saturated, bool throttled)
    {
        if (throttled)
        {
            _doubling = false;
            Level = Math.Max(Floor, Level - Level / 4);
            _rateBefore = null;
            _hold = HoldIntervals;
            return Level;
        }
        if (_hold > 0)
        {
            _hold--;
            return Level;
        }
        if (!saturated)
        {
            // Slots were free: the limit is elsewhere (listing, bandwidth); nothing to learn from this interval.
            _rateBefore = null;
            return Level;
        }
        if (_rateBefore is { } before && Level > _levelBefore && objectsPerSecond < before * Gain)
        {
            // The last raise did not pay: take it back, and hold; the next probe is small.
            Level = _levelBefore;
            _doubling = false;
            _rateBefore = null;
            _hold = HoldIntervals;
            return Level;
        }
        if (_rateBefore is { } kept && Level > _levelBefore)
            _doubling = objectsPerSecond / kept - 1 >= ProportionalShare * ((double)Level / _levelBefore - 1);
        if (Level >= Max) return Level;
        _rateBefore = objectsPerSecond;
        _levelBefore = Level;
        Level = Math.Min(Max, Level + (_doubling ? Level : Math.Max(2, Level / 4)));
        return Level;
    }
}
