namespace Transporter.Core.Bandwidth;

/// <summary>In-process <see cref="IBandwidthLimiterRegistry"/>: one <see cref="BandwidthLimiter"/> per migration.</summary>
public sealed class BandwidthLimiterRegistry(TimeProvider? time = null) : IBandwidthLimiterRegistry, IDisposable
{
    private readonly Dictionary<Guid, BandwidthLimiter> _limiters = [];

    public IBandwidthLimiter GetOrCreate(Guid migrationId, long bytesPerSecond)
    {
        lock (_limiters)
        {
            if (!_limiters.TryGetValue(migrationId, out var limiter))
                _limiters[migrationId] = limiter = new BandwidthLimiter(bytesPerSecond, time);
            return limiter;
        }
    }

    public void SetRate(Guid migrationId, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        lock (_limiters)
        {
            if (_limiters.TryGetValue(migrationId, out var limiter)) limiter.SetRate(bytesPerSecond);
            else _limiters[migrationId] = new BandwidthLimiter(bytesPerSecond, time);
        }
    }

    public void Remove(Guid migrationId)
    {
        BandwidthLimiter? limiter;
        lock (_limiters) _limiters.Remove(migrationId, out limiter);
        limiter?.Dispose();
    }

    public void Dispose()
    {
        lock (_limiters)
        {
            foreach (var limiter in _limiters.Values) limiter.Dispose();
            _limiters.Clear();
        }
    }
}
