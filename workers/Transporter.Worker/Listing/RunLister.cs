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

namespace Transporter.Worker.Listing;

/// <summary>
/// Drives one run while this process holds its lister lease (docs/migration-engine.md, "Listing"): republishes its
/// outstanding batches, runs the preflight, streams the listing from the checkpoint into copy batches (each stored
/// with the checkpoint in one transaction, then published), while a <see cref="RunSupervisor"/> watches the run until
/// it ends. It lets go of the run when paused, aborted or finished, or when it loses the lease.
/// </summary>
/// <remarks>Failures of the endpoints are sorted once, here: what cannot heal by retrying (a configuration the
/// provider's client refuses, refused credentials, a missing bucket, a refused request) fails the run at once with the
/// provider's words in <c>errors</c>; what can (network, 5xx, throttling) is retried from the checkpoint a few times
/// with backoff, each retry announced in <c>errors</c>, and then fails the run too.</remarks>
public sealed class RunLister(
    MigrationRepository migrations,
    RunRepository runs,
    ListerLeaseRepository leases,
    BatchRepository batches,
    DeletionRepository deletions,
    EndpointOpener opener,
    MigrationControl control,
    BatchPublisher publisher,
    RunFinisher finisher,
    RunSupervisor supervisor,
    MirrorDeleter mirror,
    WorkerIdentity identity,
    IOptions<TransporterOptions> options,
    ILogger<RunLister> logger,
    TimeProvider clock)
{
    /// <summary>Attempts at preflight plus listing when the endpoints fail transiently, before the run fails.</summary>
    public const int MaxAttempts = 4;

    /// <summary>Deletion candidates a mirror sync's listing holds before storing them without a batch.</summary>
    private const int ExtraneousFlush = 1000;

    private TransporterOptions Options => options.Value;

    /// <summary>Claims the run and drives it; returns at once when another process holds it.</summary>
    public async Task RunAsync(Guid runId, CancellationToken ct)
    {
        if (!await leases.TryClaimListerAsync(runId, identity.Id, Now() + Options.ListerLease, ct).ConfigureAwait(false)) return;
        try
        {
            var run = await runs.GetRunAsync(runId, ct).ConfigureAwait(false);
            var migration = run is null ? null : await migrations.GetAsync(run.MigrationId, ct).ConfigureAwait(false);
            if (run is null || migration is null) return;
            using var tracking = control.Track(migration.Id, run.Id);
            // A failing run is only watched until its workers stopped, which its stop signal must not cut short.
            using var leased = CancellationTokenSource.CreateLinkedTokenSource(ct, run.FailingReason is null ? tracking.Signals.StopStarting : CancellationToken.None);
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
            await leases.ReleaseListerAsync(runId, identity.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DriveAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        // Messages may have died with a process (in-memory broker); duplicates are harmless.
        if (run.FailingReason is null) await supervisor.RepublishAsync(migration.Id, run.Id, all: true, ct).ConfigureAwait(false);
        using var supervision = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var supervising = supervisor.SuperviseAsync(migration, run.Id, supervision.Token);
        try
        {
            // Whatever the listing's outcome, the supervisor watches on until the run ends (a failing run becomes Failed
            // once its workers stop); it returns at once for a run that is no longer active, and is cancelled with the lease.
            var listed = run.ListingCompleted || (run.FailingReason is null && await ListWithRetriesAsync(migration, run, ct).ConfigureAwait(false));
            // A mirror sync deletes what the destination has in excess once its copies are done (also when a run whose
            // listing had ended is resumed or retried).
            if (listed && run.FailingReason is null && migration.Kind == MigrationKind.Sync && migration.Controls.DeleteExtraneous)
                await mirror.DeleteExtraneousAsync(migration, run.Id, ct).ConfigureAwait(false);
            await supervising.ConfigureAwait(false);
        }
        finally
        {
            await supervision.CancelAsync().ConfigureAwait(false);
            try
            {
                await supervising.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (supervision.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Preflight and listing, retried from the checkpoint on transient endpoint failures; false when the run
    /// failed or is no longer ours to list.</summary>
    private async Task<bool> ListWithRetriesAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var step = new ListingStep();
            try
            {
                step.Now("opening the endpoints");
                await using var endpoints = await opener.OpenAsync(migration.Id, ct).ConfigureAwait(false);
                if (!await PrepareAsync(migration, run, endpoints, step, ct).ConfigureAwait(false)) return false;
                step.Now("listing the source");
                if (await ListAsync(migration, run, endpoints, ct).ConfigureAwait(false) is not { } destination) return false;
                if (!await leases.CompleteListingAsync(run.Id, identity.Id, ct, destination).ConfigureAwait(false)) return false;
                logger.LogInformation("Listing of run {RunId} of migration {MigrationId} completed", run.Id, migration.Id);
                return true;
            }
            catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.Transient && attempt < MaxAttempts)
            {
                var delay = RetryDelay(attempt);
                var line = step.Failure($"{e.Details}; retrying in {delay.TotalSeconds:0} s (attempt {attempt + 1} of {MaxAttempts})");
                logger.LogWarning("Run {RunId}: {Line}", run.Id, line);
                await runs.AddErrorAsync(run.Id, line, ct).ConfigureAwait(false);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                run = await runs.GetRunAsync(run.Id, ct).ConfigureAwait(false) ?? run;
            }
            catch (ObjectStoreException e)
            {
                var line = step.Failure(e.Details + (e.Kind == ObjectStoreErrorKind.Transient ? $" (after {MaxAttempts} attempts)" : ""));
                logger.LogWarning("Run {RunId}: {Line}", run.Id, line);
                await finisher.FailAsync(migration.Id, run.Id, line, ct).ConfigureAwait(false);
                return false;
            }
        }
    }

    /// <summary>Preflight (unless skipVerify) then Verified, or Started at once without one; false when the run is no
    /// longer ours to list (paused or aborted meanwhile).</summary>
    private async Task<bool> PrepareAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, ListingStep step, CancellationToken ct)
    {
        if (run.State == MigrationState.Queued && !migration.SkipVerify)
        {
            await PreflightAsync(run.Id, endpoints, step, migration.Kind == MigrationKind.Verify, ct).ConfigureAwait(false);
            await runs.TryMoveAsync(run.Id, MigrationState.Verified, ct).ConfigureAwait(false);
        }
        else
            await runs.TryMoveAsync(run.Id, MigrationState.Started, ct, onlyFrom: [MigrationState.Queued]).ConfigureAwait(false);
        // A resumed or retried run is already Running; a run paused or aborted meanwhile is not ours to list.
        var current = await runs.GetRunAsync(run.Id, ct).ConfigureAwait(false);
        return current?.State is MigrationState.Verified or MigrationState.Started or MigrationState.Running;
    }

    /// <summary>The preflight of a run: reads the source, writes and deletes a probe at the destination. A preflight
    /// that takes longer than <see cref="TransporterOptions.PreflightWarningSeconds"/> says so in the run's errors
    /// (Queued with no word would look like a stall).</summary>
    private async Task PreflightAsync(Guid runId, OpenedEndpoints endpoints, ListingStep step, bool readOnly, CancellationToken ct)
    {
        var checks = Preflight.CheckAsync(endpoints, step, ct, readOnly);
        var warnAfter = TimeSpan.FromSeconds(Options.PreflightWarningSeconds);
        if (await Task.WhenAny(checks, Task.Delay(warnAfter, ct)).ConfigureAwait(false) != checks)
        {
            ct.ThrowIfCancellationRequested();
            await runs.AddErrorAsync(runId, step.Note($"no answer for {warnAfter.TotalSeconds:0} s; still waiting"), ct).ConfigureAwait(false);
        }
        await checks.ConfigureAwait(false);
    }

    /// <summary>Streams the selection from the checkpoint into batches; returns what a mirror sync learnt about the
    /// destination since the last batch (stored when the listing completes), or null when the run was taken from us.</summary>
    /// <remarks>A mirror sync's destination count is stored with each batch only up to the batch's last key (the count
    /// seen when that object was listed), so a listing resumed from that checkpoint counts nothing twice; deletion
    /// candidates are stored with the next checkpoint, or every <see cref="ExtraneousFlush"/> of them (storing one
    /// twice is harmless).</remarks>
    private async Task<DestinationTally?> ListAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        var seq = run.NextBatchSeq;
        var started = run.State != MigrationState.Verified;
        var accumulator = new BatchAccumulator();
        var seenAtPending = new Queue<long>();
        long seen = 0, stored = 0;
        var extraneous = new List<ObjectSummary>();
        await foreach (var (item, kind) in ObjectSelection.ListAsync(migration, run, endpoints, ct).ConfigureAwait(false))
        {
            if (kind != ListedAs.Copy)
            {
                seen++;
                if (kind == ListedAs.Extraneous) extraneous.Add(item);
                if (extraneous.Count >= ExtraneousFlush)
                {
                    await deletions.AddExtraneousAsync(run.Id, extraneous, ct).ConfigureAwait(false);
                    extraneous.Clear();
                }
                continue;
            }
            seenAtPending.Enqueue(seen);
            foreach (var items in accumulator.Add(item))
                if (!await AddBatchAsync(items).ConfigureAwait(false)) return null;
        }
        if (accumulator.Flush() is { } last && !await AddBatchAsync(last).ConfigureAwait(false)) return null;
        return new DestinationTally(extraneous, seen - stored);

        async Task<bool> AddBatchAsync(IReadOnlyList<ObjectSummary> items)
        {
            var seenAtLast = stored;
            for (var i = 0; i < items.Count; i++) seenAtLast = seenAtPending.Dequeue();
            // Verified lasts from the preflight to the first batch: the listing has produced something.
            if (!started)
            {
                await runs.TryMoveAsync(run.Id, MigrationState.Started, ct, onlyFrom: [MigrationState.Verified]).ConfigureAwait(false);
                started = true;
            }
            while (await batches.CountOutstandingBatchesAsync(run.Id, ct).ConfigureAwait(false) >= Options.MaxOutstandingBatches)
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
            var batch = await batches.AddBatchAsync(run.Id, identity.Id, seq, items, ct,
                new DestinationTally([.. extraneous], seenAtLast - stored)).ConfigureAwait(false);
            if (batch is null) return false;
            seq++;
            stored = seenAtLast;
            extraneous.Clear();
            // The batch is durable; a publish that does not go out is retried by the supervisor.
            if (!await publisher.BatchReadyAsync(migration.Id, run.Id, batch.Id, ct).ConfigureAwait(false))
                await batches.MarkUnpublishedAsync([batch.Id], ct).ConfigureAwait(false);
            return true;
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
                    renewed = await leases.RenewListerAsync(runId, identity.Id, Now() + Options.ListerLease, leased.Token).ConfigureAwait(false);
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

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(30, 2 * Math.Pow(3, attempt - 1)));

    private DateTimeOffset Now() => clock.GetUtcNow();
}
