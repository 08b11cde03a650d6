using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Worker.Control;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Hosting;
using Transporter.Worker.Orchestration;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Listing;

/// <summary>
/// Drives one run while this process holds its lister lease (docs/migration-engine.md, "Listing"): republishes its
/// outstanding batches, runs the preflight, streams the listing from the checkpoint into copy batches (each stored
/// with the checkpoint in one transaction, then published), and then watches the run until it ends: it republishes
/// batches whose worker died and completes the run. It lets go of the run when paused, aborted or finished, or when
/// it loses the lease.
/// </summary>
public sealed class RunLister(
    MigrationRepository repository,
    EndpointOpener opener,
    MigrationControl control,
    BatchPublisher publisher,
    RunFinisher finisher,
    WorkerIdentity identity,
    IOptions<TransporterOptions> options,
    ILogger<RunLister> logger)
{
    /// <summary>A pending batch not claimed for this long is published again, in case its message was lost.</summary>
    public static readonly TimeSpan PendingRepublishAge = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private TransporterOptions Options => options.Value;

    /// <summary>Claims the run and drives it; returns at once when another process holds it.</summary>
    public async Task RunAsync(Guid runId, CancellationToken ct)
    {
        if (!await repository.TryClaimListerAsync(runId, identity.Id, Now() + Options.ListerLease, ct).ConfigureAwait(false)) return;
        try
        {
            var run = await repository.GetRunAsync(runId, ct).ConfigureAwait(false);
            var migration = run is null ? null : await repository.GetAsync(run.MigrationId, ct).ConfigureAwait(false);
            if (run is null || migration is null) return;
            using var tracking = control.Track(migration.Id, run.Id);
            using var leased = CancellationTokenSource.CreateLinkedTokenSource(ct, tracking.Signals.StopStarting);
            var renewal = RenewLeaseAsync(runId, leased);
            try
            {
                await DriveAsync(migration, run, leased.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leased.IsCancellationRequested)
            {
                // Paused, aborted, lease lost or shutting down: whoever resumes the run continues from its checkpoint.
            }
            finally
            {
                await leased.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }
        }
        finally
        {
            await repository.ReleaseListerAsync(runId, identity.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DriveAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        // Messages may have died with a process (in-memory broker); duplicates are harmless.
        await publisher.BatchesReadyAsync(migration.Id, run.Id,
            await repository.TakeBatchesToRepublishAsync(run.Id, all: true, Now(), ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        if (!run.ListingCompleted)
        {
            await using var endpoints = await opener.OpenAsync(migration.Id, ct).ConfigureAwait(false);
            if (!await PrepareAsync(migration, run, endpoints, ct).ConfigureAwait(false)) return;
            try
            {
                if (!await ListAsync(migration, run, endpoints, ct).ConfigureAwait(false)) return;
            }
            catch (ObjectStoreException e)
            {
                logger.LogWarning("Listing run {RunId} failed: {Error}", run.Id, e.Details);
                await finisher.FailAsync(migration.Id, run.Id, $"error listing the source: {e.Details}", ct).ConfigureAwait(false);
                return;
            }
            if (!await repository.CompleteListingAsync(run.Id, identity.Id, ct).ConfigureAwait(false)) return;
            logger.LogInformation("Listing of run {RunId} of migration {MigrationId} completed", run.Id, migration.Id);
        }
        await WatchAsync(migration, run, ct).ConfigureAwait(false);
    }

    /// <summary>Preflight (unless skipVerify), then Started; false when the run failed or is no longer ours to list.</summary>
    private async Task<bool> PrepareAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        if (run.State == MigrationState.Queued && !migration.SkipVerify)
        {
            var error = await PreflightAsync(endpoints, ct).ConfigureAwait(false);
            if (error is not null)
            {
                logger.LogWarning("Preflight of run {RunId} failed: {Error}", run.Id, error);
                await finisher.FailAsync(migration.Id, run.Id, error, ct).ConfigureAwait(false);
                return false;
            }
            await repository.TryMoveAsync(run.Id, MigrationState.Verified, ct).ConfigureAwait(false);
        }
        await repository.TryMoveAsync(run.Id, MigrationState.Started, ct).ConfigureAwait(false);
        // A resumed or retried run is already Running; a run paused or aborted meanwhile is not ours to list.
        var current = await repository.GetRunAsync(run.Id, ct).ConfigureAwait(false);
        return current?.State is MigrationState.Started or MigrationState.Running;
    }

    /// <summary>Reads the source, writes and deletes a probe at the destination; the error line, or null when all passed.
    /// The preflight of runs and of plans (PlanScanner).</summary>
    internal static async Task<string?> PreflightAsync(OpenedEndpoints endpoints, CancellationToken ct)
    {
        try
        {
            await StorageProbe.CheckAsync(endpoints.Source, endpoints.SourceConfig, read: true, write: false, delete: false, ct).ConfigureAwait(false);
        }
        catch (ObjectStoreException e)
        {
            return $"preflight: error reading the source: {e.Details}";
        }
        try
        {
            await StorageProbe.CheckAsync(endpoints.Destination, endpoints.DestinationConfig, read: false, write: true, delete: true, ct).ConfigureAwait(false);
        }
        catch (ObjectStoreException e)
        {
            return $"preflight: error writing the destination: {e.Details}";
        }
        return null;
    }

    /// <summary>Streams the selection from the checkpoint into batches; false when the run was taken from us.</summary>
    private async Task<bool> ListAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        var seq = run.NextBatchSeq;
        var batches = new BatchAccumulator();
        await foreach (var item in ObjectSelection.ToCopyAsync(migration, run, endpoints, ct).ConfigureAwait(false))
            foreach (var items in batches.Add(item))
                if (!await AddBatchAsync(items).ConfigureAwait(false)) return false;
        return batches.Flush() is not { } last || await AddBatchAsync(last).ConfigureAwait(false);

        async Task<bool> AddBatchAsync(IReadOnlyList<ObjectSummary> items)
        {
            while (await repository.CountOutstandingBatchesAsync(run.Id, ct).ConfigureAwait(false) >= Options.MaxOutstandingBatches)
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
            var batch = await repository.AddBatchAsync(run.Id, identity.Id, seq, items, ct).ConfigureAwait(false);
            if (batch is null) return false;
            seq++;
            await publisher.BatchReadyAsync(migration.Id, run.Id, batch.Id, ct).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>Until the run ends: completes it when nothing is outstanding, republishes batches whose worker died.</summary>
    private async Task WatchAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await finisher.TryCompleteAsync(migration.Id, run.Id, ct).ConfigureAwait(false)) return;
                var current = await repository.GetRunAsync(run.Id, ct).ConfigureAwait(false);
                if (current is null || !MigrationStateMachine.Active.Contains(current.State)) return;
                var stale = await repository.TakeBatchesToRepublishAsync(run.Id, all: false, Now() - PendingRepublishAge, ct).ConfigureAwait(false);
                if (stale.Count > 0)
                {
                    logger.LogInformation("Republishing {Count} batches of run {RunId} whose worker went away", stale.Count, run.Id);
                    await publisher.BatchesReadyAsync(migration.Id, run.Id, stale, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (InfrastructureFaults.IsTransient(e))
            {
                // The database is away: keep watching (the lease renewal notices if another lister took the run meanwhile).
                logger.LogWarning("Watching run {RunId} failed ({Error}); trying again", run.Id, InfrastructureRetry.Describe(e));
            }
            await Task.Delay(WatchInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task RenewLeaseAsync(Guid runId, CancellationTokenSource leased)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.ListerLease / 3, leased.Token).ConfigureAwait(false);
                bool renewed;
                try
                {
                    renewed = await repository.RenewListerAsync(runId, identity.Id, Now() + Options.ListerLease, leased.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the lister lease of run {RunId} failed; trying again", runId);
                    continue;
                }
                if (renewed) continue;
                logger.LogInformation("Lost the lister lease of run {RunId}", runId);
                await leased.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private DateTimeOffset Now() => repository.Clock.GetUtcNow();
}
