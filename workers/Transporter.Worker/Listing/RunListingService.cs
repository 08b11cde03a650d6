using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Listing;

/// <summary>
/// The lister loop of a process with the worker role: every couple of seconds, and at once when
/// <see cref="Wake"/> is called (a StartMigrationRun message), it claims active runs whose lister lease is free or
/// expired and drives each with a <see cref="RunLister"/>. A process that dies loses its leases and another one (or
/// itself, restarted) resumes its runs from their checkpoints.
/// </summary>
public sealed class RunListingService(
    RunRepository runs, ListerLeaseRepository leases, RunLister lister, RunFinisher finisher, IOptions<TransporterOptions> options, ILogger<RunListingService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(2);

    /// <summary>Failures in a row of driving one run (not counting outages of the database or broker, which heal) after
    /// which the run fails with the error, instead of being driven again every couple of seconds forever.</summary>
    public const int MaxUnexpectedFailures = 3;

    private readonly Dictionary<Guid, Task> _driving = [];
    private readonly Dictionary<Guid, int> _failures = [];
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
        foreach (var runId in await leases.FindClaimableRunsAsync(free, ct).ConfigureAwait(false))
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
            lock (_driving) _failures.Remove(runId);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (InfrastructureFaults.IsTransient(e))
        {
            logger.LogWarning("Driving run {RunId} failed ({Error}); it is driven again when the infrastructure answers", runId,
                InfrastructureRetry.Describe(e));
        }
        catch (Exception e)
        {
            await FailedUnexpectedlyAsync(runId, e).ConfigureAwait(false);
        }
        finally
        {
            lock (_driving) _driving.Remove(runId);
        }
    }

    /// <summary>A fault of ours (a bug, or a configuration no provider check caught): driven again a couple of times, in
    /// case it was a race, then the run fails with the error so it never sits in a non-final state with no word.</summary>
    private async Task FailedUnexpectedlyAsync(Guid runId, Exception e)
    {
        int failures;
        lock (_driving) _failures[runId] = failures = _failures.GetValueOrDefault(runId) + 1;
        if (failures < MaxUnexpectedFailures)
        {
            if (failures == 1) logger.LogError(e, "Driving run {RunId} failed; it is driven again", runId);
            else logger.LogError("Driving run {RunId} failed again: {Error}", runId, InfrastructureRetry.Describe(e));
            return;
        }
        lock (_driving) _failures.Remove(runId);
        logger.LogError("Driving run {RunId} failed {Failures} times in a row ({Error}); failing the run", runId, failures, InfrastructureRetry.Describe(e));
        try
        {
            var run = await runs.GetRunAsync(runId, _stopping).ConfigureAwait(false);
            if (run is not null)
                await finisher.FailAsync(run.MigrationId, runId, $"internal error: {InfrastructureRetry.Describe(e)}", _stopping).ConfigureAwait(false);
        }
        catch (Exception failing) when (failing is not OperationCanceledException)
        {
            logger.LogError("Failing run {RunId} failed too: {Error}", runId, InfrastructureRetry.Describe(failing));
        }
    }
}
