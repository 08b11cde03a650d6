using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Worker.Copying;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Aborts the multipart uploads that finished runs left open, and forgets their checkpoints (docs/migration-engine.md,
/// "Resuming a copy"). A copy cancelled by an abort, or whose worker died while its run failed or was aborted,
/// keeps its upload for a resumption that will not come; parts of an S3 upload would otherwise stay billed in the
/// destination bucket. Every <see cref="TransporterOptions.UploadSweepSeconds"/> in each process with the worker role,
/// once no live worker still copies a batch of the run; several processes sweeping at once abort idempotently.
/// Azure cannot delete uncommitted blocks (it discards them after 7 days): there only the checkpoint goes. A GCS session
/// (a single write's) is cancelled with a DELETE; one left alone would expire after a week anyway.
/// </summary>
public sealed class LeftoverUploadSweeper(
    UploadCheckpointRepository uploads, EndpointOpener opener, IOptions<TransporterOptions> options, ILogger<LeftoverUploadSweeper> logger)
    : BackgroundService
{
    private const int PageSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new LoopBackoff(logger, "Aborting the uploads of finished runs");
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(options.Value.UploadSweepSeconds);
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var delay = backoff.Failed(e);
                if (delay > wait) wait = delay;
            }
            try
            {
                await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over every leftover upload; one that cannot be aborted now is tried again at the next pass.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        (Guid RunId, string Key)? after = null;
        var opened = new Dictionary<Guid, OpenedEndpoints>();
        try
        {
            while (true)
            {
                var page = await uploads.GetLeftoverUploadsAsync(after, PageSize, ct).ConfigureAwait(false);
                foreach (var leftover in page) await AbortAsync(leftover, opened, ct).ConfigureAwait(false);
                if (page.Count < PageSize) return;
                after = (page[^1].Checkpoint.RunId, page[^1].Checkpoint.Key);
            }
        }
        finally
        {
            foreach (var endpoints in opened.Values) await endpoints.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AbortAsync(LeftoverUpload leftover, Dictionary<Guid, OpenedEndpoints> opened, CancellationToken ct)
    {
        var (migrationId, checkpoint) = leftover;
        try
        {
            if (!opened.TryGetValue(migrationId, out var endpoints))
                opened[migrationId] = endpoints = await opener.OpenAsync(migrationId, ct).ConfigureAwait(false);
            var destination = endpoints.Destination;
            var request = new ObjectWriteRequest { Key = checkpoint.Key, Size = checkpoint.Size };
            if (destination.Capabilities.ResumableWrites)
            {
                try
                {
                    var session = await destination.ResumeWriteSessionAsync(request, checkpoint.UploadId, ct).ConfigureAwait(false);
                    await session.AbortAsync(ct).ConfigureAwait(false);
                }
                catch (ObjectStoreException e) when (e.Kind == ObjectStoreErrorKind.NotFound)
                {
                    // Not a session of this endpoint: there is nothing to cancel.
                }
            }
            else if (destination.Capabilities.ResumableUploads)
            {
                var upload = await destination.ResumeMultipartAsync(request, checkpoint.UploadId, ct).ConfigureAwait(false);
                await upload.AbortAsync(ct).ConfigureAwait(false);
            }
            await uploads.DeleteUploadCheckpointAsync(checkpoint.RunId, checkpoint.Key, checkpoint.UploadId, ct).ConfigureAwait(false);
            logger.LogInformation("Aborted the upload of {Bucket}/{Key} left by run {RunId}", destination.Bucket, checkpoint.Key, checkpoint.RunId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (InfrastructureFaults.IsTransient(e)) throw;
            logger.LogWarning("Aborting the upload of {Key} left by run {RunId} failed ({Error}); trying again later",
                checkpoint.Key, checkpoint.RunId, CopyErrors.ToStoreError(e).Details);
        }
    }
}
