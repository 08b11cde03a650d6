using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Billing;

/// <summary>Flushes the <see cref="BillingMeter"/> every <see cref="FlushInterval"/>; every hour records every root's used
/// space (so a day without activity still has its row) and prunes rows past their retention.</summary>
internal sealed class BillingFlushService(BillingMeter meter, BillingStore store, RootStore roots, TimeProvider clock,
    ILogger<BillingFlushService> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SpaceInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastSpace = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(FlushInterval, clock);
        do
        {
            try
            {
                await meter.FlushAsync(stoppingToken).ConfigureAwait(false);
                if (clock.GetUtcNow() - lastSpace >= SpaceInterval)
                {
                    foreach (var root in await roots.ListRootsAsync(stoppingToken).ConfigureAwait(false))
                        await meter.RecordSpaceAsync(root.Name, stoppingToken).ConfigureAwait(false);
                    await store.PruneAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                    lastSpace = clock.GetUtcNow();
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Billing counters not written; kept for the next flush");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await meter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning(e, "Billing counters of the last seconds not written at shutdown");
        }
    }
}
