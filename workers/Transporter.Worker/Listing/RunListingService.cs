using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Listing;

/// <summary>
/// The lister loop of a process with the worker role: every couple of seconds, and at once when
/// <see cref="Wake"/> is called (a StartMigrationRun message), it claims active runs whose lister lease is free or
/// expired and drives each with a <see cref="RunLister"/>. A process that dies loses its leases and another one (or
/// itself, restarted) resumes its runs from their checkpoints.
/// </summary>
public sealed class RunListingService(
    MigrationRepository repository, RunLister lister, IOptions<TransporterOptions> options, ILogger<RunListingService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Guid, Task> _driving = [];
    private readonly SemaphoreSlim _wake = new(0);
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Runs this process drives right now.</summary>
    public IReadOnlyCollection<Guid> Driving
    {
        get { lock (_driving) return [.. _driving.Keys]; }
    }

    /// <summary>Looks for work at once (a run was created, resumed or retried).</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var backoff = new LoopBackoff(logger, "Looking for runs to list");
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = ScanInterval;
            try
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var delay = backoff.Failed(e);
                if (delay > wait) wait = delay;
            }
            try
            {
                await _wake.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Task[] running;
        lock (_driving) running = [.. _driving.Values];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        int free;
        lock (_driving) free = options.Value.MaxSupervisedRuns - _driving.Count;
        if (free <= 0) return;
        foreach (var runId in await repository.FindClaimableRunsAsync(free, ct).ConfigureAwait(false))
            Drive(runId);
    }

    private void Drive(Guid runId)
    {
        lock (_driving)
        {
            if (_driving.ContainsKey(runId)) return;
            _driving[runId] = Task.Run(() => DriveAsync(runId));
        }
    }

    private async Task DriveAsync(Guid runId)
    {
        try
        {
            await lister.RunAsync(runId, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Driving run {RunId} failed; it is resumed after its lease expires", runId);
        }
        finally
        {
            lock (_driving) _driving.Remove(runId);
        }
    }
}
