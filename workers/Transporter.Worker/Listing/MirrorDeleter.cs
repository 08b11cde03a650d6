using Microsoft.Extensions.Logging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Orchestration;

namespace Transporter.Worker.Listing;

/// <summary>
/// The deleting half of a mirror sync (docs/migration-controls.md, "Mirror syncs"), run by the run's lister after the
/// listing: once no batch is outstanding, the guard decides in one transaction (nothing is deleted when some object
/// failed to copy, or when the candidates exceed maxDelete), then the candidates are deleted at the destination a chunk
/// at a time, each chunk committed with its outcomes. Pause, abort and a lost lease cancel it; whoever resumes the run
/// continues with what is still pending.
/// </summary>
public sealed class MirrorDeleter(BatchRepository batches, DeletionRepository deletions, EndpointOpener opener, RunFinisher finisher, ILogger<MirrorDeleter> logger)
{
    /// <summary>Candidates deleted and committed together.</summary>
    public const int ChunkSize = 100;

    /// <summary>Deletes in flight at once.</summary>
    public const int Concurrency = 8;

    private static readonly TimeSpan CopiesPoll = TimeSpan.FromMilliseconds(500);

    public async Task DeleteExtraneousAsync(Migration migration, Guid runId, CancellationToken ct)
    {
        while (await batches.CountOutstandingBatchesAsync(runId, ct).ConfigureAwait(false) > 0)
            await Task.Delay(CopiesPoll, ct).ConfigureAwait(false);
        var verdict = await deletions.DecideDeletionsAsync(runId, migration.Controls.MaxDelete, ct).ConfigureAwait(false);
        if (verdict != DeletionVerdict.Nothing) logger.LogInformation("Mirror run {RunId} of migration {MigrationId}: {Verdict}", runId, migration.Id, verdict);
        if (verdict == DeletionVerdict.Delete) await DeleteAsync(migration, runId, ct).ConfigureAwait(false);
        await finisher.TryCompleteAsync(migration.Id, runId, ct).ConfigureAwait(false);
    }

    private async Task DeleteAsync(Migration migration, Guid runId, CancellationToken ct)
    {
        await using var endpoints = await opener.OpenAsync(migration.Id, ct).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct };
        while (await deletions.GetPendingDeletionsAsync(runId, ChunkSize, ct).ConfigureAwait(false) is { Count: > 0 } chunk)
        {
            var outcomes = new DeletionOutcome[chunk.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Count), options, async (i, token) =>
            {
                try
                {
                    await endpoints.Destination.DeleteAsync(chunk[i].Key, token).ConfigureAwait(false);
                    outcomes[i] = new DeletionOutcome(chunk[i].Key, null);
                }
                catch (ObjectStoreException e)
                {
                    outcomes[i] = new DeletionOutcome(chunk[i].Key, e.Details);
                }
            }).ConfigureAwait(false);
            await deletions.CommitDeletionsAsync(runId, outcomes, ct).ConfigureAwait(false);
        }
    }
}
