using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Bandwidth;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Watches one run for as long as this process holds its lister lease, while it lists and after (docs/migration-engine.md,
/// "Supervision"). Every couple of seconds it completes the run when nothing is outstanding, publishes again the
/// batches whose message did not go out, whose worker's lease expired, or that waited for a worker too long, and holds
/// the run to its invariant: an active run makes progress (a state change, objects listed, copied or failed) or says
/// why not in its errors. A run without progress for <see cref="TransporterOptions.StallSeconds"/> gets one line
/// naming what it waits for, and whatever can be repaired is (pending batches nobody took are published again).
/// </summary>
public sealed class RunSupervisor(
    RunRepository runs,
    BatchRepository batches,
    BatchPublisher publisher,
    RunFinisher finisher,
    IOptions<TransporterOptions> options,
    ILogger<RunSupervisor> logger,
    TimeProvider clock)
{
    /// <summary>A pending batch not claimed for this long is published again, in case its message was lost.</summary>
    public static readonly TimeSpan PendingRepublishAge = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Supervises until the run ends (or is paused, aborted, failed) or <paramref name="ct"/> is cancelled.</summary>
    public async Task SuperviseAsync(Migration migration, Guid runId, CancellationToken ct)
    {
        DateTimeOffset? reportedStallOf = null;
        while (true)
        {
            try
            {
                var run = await runs.GetRunAsync(runId, ct).ConfigureAwait(false);
                if (run is null || !MigrationStateMachine.Active.Contains(run.State)) return;
                if (run.FailingReason is not null)
                {
                    // Stopping: nothing is published again; Failed once the workers gave their batches back (or died).
                    if (await finisher.TryFailAsync(migration.Id, runId, ct).ConfigureAwait(false)) return;
                    await Task.Delay(Interval, ct).ConfigureAwait(false);
                    continue;
                }
                if (run.ListingCompleted && await finisher.TryCompleteAsync(migration.Id, runId, ct).ConfigureAwait(false)) return;
                await RepublishAsync(migration.Id, runId, all: false, ct).ConfigureAwait(false);
                if (IsStalled(run) && reportedStallOf != run.ProgressAt)
                {
                    reportedStallOf = run.ProgressAt;
                    await ExplainStallAsync(migration, run, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (InfrastructureFaults.IsTransient(e))
            {
                // The database or broker is away: keep watching (the lease renewal notices if the run was taken meanwhile).
                logger.LogWarning("Supervising run {RunId} failed ({Error}); trying again", runId, InfrastructureRetry.Describe(e));
            }
            await Task.Delay(Interval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes the run's batches that need it: every outstanding one when <paramref name="all"/> (a lister
    /// that just claimed the run: messages may have died with a process), else those not published, lost with their
    /// worker, or waiting too long. Those the broker did not take are marked for the next pass.</summary>
    public async Task RepublishAsync(Guid migrationId, Guid runId, bool all, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = await batches.TakeBatchesToRepublishAsync(runId, all, now - PendingRepublishAge, ct).ConfigureAwait(false);
        if (ids.Count == 0) return;
        if (!all) logger.LogInformation("Publishing {Count} batches of run {RunId} again", ids.Count, runId);
        var published = await publisher.BatchesReadyAsync(migrationId, runId, ids, ct).ConfigureAwait(false);
        if (published.Count < ids.Count) await batches.MarkUnpublishedAsync(ids.Skip(published.Count).ToList(), ct).ConfigureAwait(false);
    }

    private bool IsStalled(MigrationRun run) =>
        clock.GetUtcNow() - (run.ProgressAt ?? run.UpdatedAt) >= TimeSpan.FromSeconds(options.Value.StallSeconds);

    /// <summary>Adds one line to the run's errors naming what it waits for, and repairs what can be repaired.</summary>
    private async Task ExplainStallAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        var idle = (int)(clock.GetUtcNow() - (run.ProgressAt ?? run.UpdatedAt)).TotalSeconds;
        var outstanding = await batches.DescribeOutstandingAsync(run.Id, ct).ConfigureAwait(false);
        string why;
        if (outstanding.Working > 0)
            why = $"{outstanding.WorkingObjects} objects in {outstanding.Working} batches are being copied"
                + (BandwidthTimetable.EffectiveLimit(migration.BandwidthLimit, migration.Controls, clock.GetUtcNow()) is > 0 and var limit
                    ? $" under a bandwidth limit of {limit} bytes/s" : "")
                + (outstanding.Expired > 0 ? $"; {outstanding.Expired} of those batches lost their worker and are published again" : "");
        else if (outstanding.Pending > 0)
        {
            why = $"{outstanding.PendingObjects} objects in {outstanding.Pending} batches wait for a worker; they are published again";
            await RepublishAsync(migration.Id, run.Id, all: true, ct).ConfigureAwait(false);
        }
        else if (!run.ListingCompleted)
            why = run.State == MigrationState.Queued
                ? "the preflight checks of the source and destination have not answered"
                : $"listing the source has not returned more objects (after '{run.LastKey ?? ""}')";
        else
            why = "nothing is outstanding but the run did not complete";
        var line = $"no progress for {idle} s: {why}";
        logger.LogWarning("Run {RunId} of migration {MigrationId}: {Line}", run.Id, migration.Id, line);
        await runs.AddErrorAsync(run.Id, line, ct).ConfigureAwait(false);
    }
}
