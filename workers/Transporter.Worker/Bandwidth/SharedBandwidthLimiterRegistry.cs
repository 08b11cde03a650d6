using Microsoft.Extensions.Logging;
using Transporter.Core.Bandwidth;

namespace Transporter.Worker.Bandwidth;

/// <summary>
/// <see cref="IBandwidthLimiterRegistry"/> of processes that share a PostgreSQL database: one
/// <see cref="SharedBandwidthLimiter"/> per migration in this process, all of them drawing on the migration's budget in
/// the database, so a migration's limit holds across every worker together (docs/migration-engine.md, "Bandwidth").
/// </summary>
public sealed class SharedBandwidthLimiterRegistry(BandwidthBudgetStore budget, ILogger<SharedBandwidthLimiter> logger)
    : IBandwidthLimiterRegistry, IDisposable
{
    private readonly Dictionary<Guid, SharedBandwidthLimiter> _limiters = [];

    public IBandwidthLimiter GetOrCreate(Guid migrationId, long bytesPerSecond)
    {
        lock (_limiters)
        {
            if (!_limiters.TryGetValue(migrationId, out var limiter))
                _limiters[migrationId] = limiter = new SharedBandwidthLimiter(migrationId, bytesPerSecond, budget, logger);
            return limiter;
        }
    }

    public void SetRate(Guid migrationId, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        lock (_limiters)
        {
            if (_limiters.TryGetValue(migrationId, out var limiter)) limiter.SetRate(bytesPerSecond);
            else _limiters[migrationId] = new SharedBandwidthLimiter(migrationId, bytesPerSecond, budget, logger);
        }
    }

    public void Remove(Guid migrationId)
    {
        SharedBandwidthLimiter? limiter;
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
