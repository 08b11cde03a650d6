using Transporter.Core.Stats;

namespace Transporter.Api.Stats;

/// <summary>Statistics are kept for three months (the spec's "Migration Stats"): every hour, and at start-up, points
/// older than that are removed. Every API process runs it; the deletes are idempotent.</summary>
public sealed class StatsRetentionService(StatsRepository stats, TimeProvider clock, ILogger<StatsRetentionService> logger) : BackgroundService
{
    public const int RetentionMonths = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RemoveExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Removing expired statistics failed: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Removes the points older than three months; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        var removed = await stats.DeleteOlderThanAsync(clock.GetUtcNow().AddMonths(-RetentionMonths), ct);
        if (removed > 0) logger.LogInformation("Removed {Count} statistics points older than {Months} months", removed, RetentionMonths);
        return removed;
    }
}
