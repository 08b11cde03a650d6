using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Core.Plans.Persistence;

namespace Transporter.Worker.Plans;

/// <summary>
/// The plan scanning loop of a process with the worker role, shaped like the run lister loop: every couple of seconds,
/// and at once when <see cref="Wake"/> is called (a plan was created here), it claims plans not ended whose scanner
/// lease is free or expired and scans each with a <see cref="PlanScanner"/>. A process that dies loses its leases and
/// another one (or itself, restarted) resumes the scans from their checkpoints.
/// </summary>
public sealed class PlanScanService(PlanDatabase planDatabase, PlanScanRepository scans, PlanScanner scanner, ILogger<PlanScanService> logger) : BackgroundService
{
    /// <summary>Plans one process scans at once.</summary>
    public const int MaxConcurrentScans = 4;

    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Guid, Task> _scanning = [];
    private readonly SemaphoreSlim _wake = new(0);
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Looks for plans to scan at once.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await planDatabase.InitializeAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ClaimAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for plans to scan failed; trying again");
            }
            try
            {
                await _wake.WaitAsync(ScanInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Task[] running;
        lock (_scanning) running = [.. _scanning.Values];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ClaimAsync(CancellationToken ct)
    {
        int free;
        lock (_scanning) free = MaxConcurrentScans - _scanning.Count;
        if (free <= 0) return;
        foreach (var planId in await scans.FindClaimableAsync(free, ct).ConfigureAwait(false))
            lock (_scanning)
                if (!_scanning.ContainsKey(planId)) _scanning[planId] = Task.Run(() => ScanAsync(planId), CancellationToken.None);
    }

    private async Task ScanAsync(Guid planId)
    {
        try
        {
            await scanner.ScanAsync(planId, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scanning plan {PlanId} failed; it is resumed after its lease expires", planId);
        }
        finally
        {
            lock (_scanning) _scanning.Remove(planId);
        }
    }
}
