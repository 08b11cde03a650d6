using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Store.Engine;

namespace Transporter.Store;

/// <summary>Applies the buckets' lifecycle rules in the background, every <c>interval</c> on the platform's clock.</summary>
internal sealed class LifecycleSweepService(StorageEngine engine, TimeSpan interval, TimeProvider clock, ILogger<LifecycleSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                var result = await engine.ApplyLifecycleAsync(stoppingToken).ConfigureAwait(false);
                if (result.Total > 0)
                    logger.LogInformation("Lifecycle: {Expired} objects expired, {Noncurrent} noncurrent versions and {Markers} delete markers removed, {Uploads} uploads aborted",
                        result.Expired, result.NoncurrentRemoved, result.DeleteMarkersRemoved, result.UploadsAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The lifecycle sweep failed; it runs again in {Interval}", interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
