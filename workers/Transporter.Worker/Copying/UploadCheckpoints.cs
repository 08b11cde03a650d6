using Microsoft.Extensions.Logging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>
/// Where the multipart copies and write sessions of one run keep their progress (<see cref="UploadCheckpoint"/> rows), so
/// that a worker taking an object over continues its upload. A checkpoint only saves work: when the database cannot be
/// reached the copy goes on without it (logged), and a missing checkpoint only means the object is sent whole again.
/// </summary>
public sealed class UploadCheckpoints(UploadCheckpointRepository uploads, Guid runId, ILogger logger)
{
    public Guid RunId => runId;

    public async Task<UploadCheckpoint?> FindAsync(string key, CancellationToken ct)
    {
        try
        {
            return await uploads.GetUploadCheckpointAsync(runId, key, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Reading the upload checkpoint of {Key} failed ({Error}); copying it whole", key, e.Message);
            return null;
        }
    }

    public Task BeginAsync(string key, string uploadId, string sourceETag, long size, long partSize, CancellationToken ct) =>
        QuietlyAsync(() => uploads.SaveUploadCheckpointAsync(new UploadCheckpoint(runId, key, uploadId, sourceETag, size, partSize, []), ct), key);

    /// <summary>Records a part the destination confirmed, even while the copy is being cancelled: it need not be sent again.</summary>
    public Task AddPartAsync(string key, string uploadId, UploadedPart part) =>
        QuietlyAsync(() => uploads.AddUploadPartAsync(runId, key, uploadId, part, CancellationToken.None), key);

    /// <summary>Forgets the upload once it is completed or aborted; never cancelled, so a finished copy leaves no row.</summary>
    public Task EndAsync(string key, string uploadId) =>
        QuietlyAsync(() => uploads.DeleteUploadCheckpointAsync(runId, key, uploadId, CancellationToken.None), key);

    private async Task QuietlyAsync(Func<Task> write, string key)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Writing the upload checkpoint of {Key} failed ({Error}); a worker taking it over would send more again", key, e.Message);
        }
    }
}
