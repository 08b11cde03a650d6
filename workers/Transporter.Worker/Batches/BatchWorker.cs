using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Transporter.Core.Bandwidth;
using Transporter.Core.Configuration;
using Transporter.Core.Endpoints;
using Transporter.Core.Messaging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;
using Transporter.Worker.Control;
using Transporter.Worker.Copying;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Hosting;
using Transporter.Worker.Orchestration;
using Transporter.Worker.Resilience;
using Transporter.Worker.Verifying;
using Transporter.Worker.Versions;

namespace Transporter.Worker.Batches;

/// <summary>
/// Copies one batch (docs/migration-engine.md, "Workers"): claims its row, copies its objects concurrently through
/// <see cref="IObjectCopier"/> with the migration's limiter while renewing the claim, and commits the report rows,
/// counter differences and the batch's removal in one transaction. Pause stops starting objects (the rest go back to
/// the batch), abort also cancels the copies in flight; a delivery of a batch that is done or held by a live worker
/// does nothing.
/// </summary>
public sealed class BatchWorker(
    MigrationRepository migrations,
    RunRepository runs,
    BatchRepository batches,
    UploadCheckpointRepository uploads,
    EndpointOpener opener,
    IObjectCopier copier,
    ObjectVerifier verifier,
    VersionCopier versions,
    IBandwidthLimiterRegistry limiters,
    RequestRateRegistry requestRates,
    MigrationControl control,
    CopySlots slots,
    BatchPublisher publisher,
    RunFinisher finisher,
    WorkerIdentity identity,
    IOptions<TransporterOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BatchWorker> logger,
    TimeProvider clock)
{
    /// <summary>Batches being copied by this process, each with the deliveries that arrived while it was: a delivery of a
    /// batch in flight here is not processed at once, but once more after the current attempt (a retry or resume may
    /// have given the batch back meanwhile, and its message must not be lost to this process's copy).</summary>
    private readonly ConcurrentDictionary<string, int> _inFlight = new();

    /// <summary>A database outage must not throw finished copies away: the commit is one transaction, retried; a retry
    /// after an unknown outcome finds the batch gone and writes nothing.</summary>
    private readonly ResiliencePipeline _commitRetry = InfrastructureRetry.Database(logger, "Committing a batch", lifetime.ApplicationStopping);

    private long _handled;

    private TransporterOptions Options => options.Value;

    /// <summary>Deliveries this process has finished handling (copied, given back, or found done or held elsewhere):
    /// what a caller waits on to know a published batch was looked at.</summary>
    public long DeliveriesHandled => Interlocked.Read(ref _handled);

    public async Task CopyAsync(CopyBatchReady message, CancellationToken ct)
    {
        var deliveries = _inFlight.AddOrUpdate(message.BatchId, 1, (_, n) => n + 1);
        if (deliveries > 1) return; // the attempt in flight runs once more when it ends
        // A stopping process gives its batches back at once (unfinished objects are copied again by whoever resumes).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var done = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await ClaimAndCopyAsync(message, stopping.Token).ConfigureAwait(false);
                // Deliveries that arrived meanwhile collapse into one more attempt; a batch that is done or held by
                // another live worker makes that attempt a no-op.
                if (done = _inFlight.TryRemove(new KeyValuePair<string, int>(message.BatchId, deliveries))) return;
                deliveries = _inFlight[message.BatchId];
            }
        }
        finally
        {
            if (!done) _inFlight.TryRemove(message.BatchId, out _);
            Interlocked.Add(ref _handled, deliveries);
        }
    }

    private async Task ClaimAndCopyAsync(CopyBatchReady message, CancellationToken ct)
    {
        var batch = await batches.TryClaimBatchAsync(message.BatchId, identity.Id, Now() + Options.BatchLease, ct).ConfigureAwait(false);
        if (batch is null) return;
        var run = await runs.GetRunAsync(batch.RunId, ct).ConfigureAwait(false);
        var migration = run is null ? null : await migrations.GetAsync(run.MigrationId, ct).ConfigureAwait(false);
        if (run is null || migration is null)
        {
            await batches.DropBatchAsync(batch.Id, identity.Id, ct).ConfigureAwait(false);
            return;
        }
        if (!MigrationStateMachine.Active.Contains(run.State) || run.FailingReason is not null)
        {
            // Paused, aborted, failing or failed: give it back untouched (resume or retry publishes it again).
            await batches.ReleaseBatchAsync(batch.Id, identity.Id, ct).ConfigureAwait(false);
            return;
        }
        await runs.TryMoveAsync(run.Id, MigrationState.Running, ct, [MigrationState.Verified, MigrationState.Started]).ConfigureAwait(false);

        using var tracking = control.Track(migration.Id, run.Id);
        var signals = tracking.Signals;
        var limiter = limiters.GetOrCreate(migration.Id,
            BandwidthTimetable.EffectiveLimit(migration.BandwidthLimit, migration.Controls, clock.GetUtcNow()));
        CopyResult result;
        // Every request of the batch's copies is paced at its endpoint's adaptive rate, and counted for the run's /state.
        var requests = new RequestRateScope(requestRates);
        using (requests.Enter())
        await using (var endpoints = await opener.OpenAsync(migration.Id, ct).ConfigureAwait(false))
        {
            var context = new CopyContext(endpoints.Source, endpoints.Destination, endpoints.SourceConfig, endpoints.DestinationConfig,
                migration.DeleteAfterUpload, limiter, new UploadCheckpoints(uploads, run.Id, logger));
            result = await CopyObjectsAsync(batch, context, migration, signals, ct).ConfigureAwait(false);
        }

        // Once copies are done the outcome must be recorded even when shutting down: it is what makes a redelivery idle.
        // Objects not copied (pause, abort, time budget, shutdown) stay in the batch for whoever resumes or retries the run.
        var remaining = result.Remaining;
        var commit = await _commitRetry.ExecuteAsync(
            async _ => await batches.CommitBatchAsync(batch, identity.Id, result.Outcomes, remaining, CancellationToken.None).ConfigureAwait(false),
            CancellationToken.None).ConfigureAwait(false);
        if (commit is null)
        {
            logger.LogInformation("Batch {BatchId} was taken from this worker before its commit; its outcome is dropped", batch.Id);
            return;
        }
        await RecordRequestRatesAsync(run.Id, requests).ConfigureAwait(false);
        // The copier records each object's transfer in TransporterMetrics; the commit's counters are the run's.
        if (RunStoppingFailure(result.Outcomes) is { } fatal)
            // Every other object would fail the same way: stop the run now, with the reason, rather than fail them one by one.
            await finisher.FailAsync(migration.Id, run.Id, fatal, CancellationToken.None).ConfigureAwait(false);
        // A failing run becomes Failed when its last batch is given back (a no-op for a run that is not failing).
        if (await finisher.TryFailAsync(migration.Id, run.Id, CancellationToken.None).ConfigureAwait(false)) return;
        if (remaining.Count == 0)
        {
            await finisher.TryCompleteAsync(migration.Id, run.Id, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        // Objects given back (time budget, or a pause already resumed) are published again at once when the run is active;
        // a paused run's batches are published by whoever resumes it, a stopping process's by whoever claims the run next.
        if (!ct.IsCancellationRequested
            && await runs.GetRunAsync(run.Id, ct).ConfigureAwait(false) is { } now && MigrationStateMachine.Active.Contains(now.State)
            && !await publisher.BatchReadyAsync(migration.Id, run.Id, batch.Id, ct).ConfigureAwait(false))
            await batches.MarkUnpublishedAsync([batch.Id], ct).ConfigureAwait(false);
    }

    /// <summary>The batch's throttled answers and its most limited endpoint's rate, for /state; a figure, so a database
    /// failure here is logged rather than failing the batch.</summary>
    private async Task RecordRequestRatesAsync(Guid runId, RequestRateScope requests)
    {
        if (requests.Requests == 0) return;
        try
        {
            await runs.RecordRequestRatesAsync(runId, requests.Throttled, requests.CurrentRate, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Recording the request rates of run {RunId} failed: {Error}", runId, e.Message);
        }
    }

    private async Task<CopyResult> CopyObjectsAsync(CopyBatch batch, CopyContext context, Migration migration, RunSignals signals, CancellationToken ct)
    {
        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(ct, signals.Abort);
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(inFlight.Token, signals.StopStarting);
        stopStarting.CancelAfter(TimeSpan.FromSeconds(Options.BatchTimeBudgetSeconds));
        var renewal = RenewLeaseAsync(batch.Id, inFlight);

        var outcomes = new ConcurrentBag<CopiedObject>();
        var notCopied = new ConcurrentBag<ObjectSummary>();
        var copies = new List<Task>();
        var started = 0;
        try
        {
            for (; started < batch.Items.Count; started++)
            {
                try
                {
                    await slots.WaitAsync(batch.RunId, () => context.Bandwidth?.BytesPerSecond ?? 0, stopStarting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                var item = batch.Items[started];
                copies.Add(Task.Run(async () =>
                {
                    try
                    {
                        var report = await CopyOneAsync(context, migration, batch.RunId, item, inFlight.Token).ConfigureAwait(false);
                        outcomes.Add(new CopiedObject(item, report));
                        // The bucket is gone or the credentials refused: the objects not started would fail the same way.
                        if (StopsTheRun(report)) await stopStarting.CancelAsync().ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        notCopied.Add(item);
                    }
                    finally
                    {
                        slots.Release(batch.RunId);
                    }
                }, CancellationToken.None));
            }
            await Task.WhenAll(copies).ConfigureAwait(false);
        }
        finally
        {
            await inFlight.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
        var remaining = batch.Items.Skip(started).Concat(notCopied).OrderBy(i => i.Key, KeyOrder.Instance).ToList();
        return new CopyResult([.. outcomes], remaining);
    }

    private async Task<ObjectReport> CopyOneAsync(CopyContext context, Migration migration, Guid runId, ObjectSummary item, CancellationToken ct)
    {
        try
        {
            // A verify run compares the two ends and copies nothing; an allVersions run copies every version of the key.
            return migration.Kind == MigrationKind.Verify ? await verifier.VerifyAsync(context, item, migration.Deep, ct).ConfigureAwait(false)
                : migration.Controls.AllVersions ? await versions.CopyAsync(context, runId, item, ct).ConfigureAwait(false)
                : await copier.CopyAsync(context, item, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The copier reports failures in the row; anything it throws instead is a fault of ours, recorded the same way
            // so one object cannot wedge its batch.
            logger.LogError(e, "Copying an object of a batch threw instead of reporting");
            var now = DateTimeOffset.UtcNow;
            var error = $"InternalError: {e.Message}";
            return new ObjectReport
            {
                SourceBucket = context.Source.Bucket,
                DestinationBucket = context.Destination.Bucket,
                ObjectKey = item.Key,
                StartTime = now,
                FinishTime = now,
                SourceETag = item.ETag ?? "",
                DestinationWritingErr = context.DestinationEndpoint.Type == EndpointType.Lyve ? "" : error,
                LyveWritingErr = context.DestinationEndpoint.Type == EndpointType.Lyve ? error : "",
            };
        }
    }

    private async Task RenewLeaseAsync(string batchId, CancellationTokenSource inFlight)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.BatchLease / 3, inFlight.Token).ConfigureAwait(false);
                try
                {
                    if (await batches.RenewBatchAsync(batchId, identity.Id, Now() + Options.BatchLease, inFlight.Token).ConfigureAwait(false)) continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the lease of batch {BatchId} failed; trying again", batchId);
                    continue;
                }
                // Another worker holds it now (or an abort dropped it): stop copying, its outcome is no longer ours.
                logger.LogWarning("Lost batch {BatchId}; cancelling its copies", batchId);
                await inFlight.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The run's error line when an object failed in a way no other object can escape: the bucket is gone or
    /// the credentials are refused (at either end). Null when failures, if any, are the objects' own.</summary>
    private static string? RunStoppingFailure(IReadOnlyList<CopiedObject> outcomes)
    {
        foreach (var (item, report) in outcomes)
        {
            if (!StopsTheRun(report)) continue;
            var (side, error) = report.SourceReadingErr.Length > 0 ? ("reading the source", report.SourceReadingErr)
                : ("writing the destination", report.DestinationWritingErr.Length > 0 ? report.DestinationWritingErr : report.LyveWritingErr);
            return $"copying stopped: error {side} for object '{item.Key}': {error}";
        }
        return null;
    }

    private static bool StopsTheRun(ObjectReport report) =>
        report.FailureKind is ObjectStoreErrorKind.BucketNotFound or ObjectStoreErrorKind.InvalidCredentials;

    private DateTimeOffset Now() => clock.GetUtcNow();

    private sealed record CopyResult(IReadOnlyList<CopiedObject> Outcomes, IReadOnlyList<ObjectSummary> Remaining);
}
