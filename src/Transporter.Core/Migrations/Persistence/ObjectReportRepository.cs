using Dapper;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The object_reports rows of runs (one per object, written by <see cref="BatchRepository.CommitBatchAsync"/>) and what
/// is made of them: pages of rows, a finished run's retry of its failed objects, and the speeds measured
/// (<c>.Throughput</c>). The report bundles stream the rows with <see cref="ObjectReportReader"/>.
/// </summary>
public sealed partial class ObjectReportRepository(MigrationDatabase db)
{
    /// <summary>Report rows of the run in key order after <paramref name="afterKey"/> (paging for reports and tests).</summary>
    public async Task<IReadOnlyList<ObjectReport>> GetReportsAsync(Guid runId, string? afterKey, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition(
            ObjectReportSql.Select + " WHERE run_id = @id" + (afterKey is null ? "" : " AND object_key > @after") + " ORDER BY object_key LIMIT @limit",
            new { id = Id(runId), after = afterKey, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToReport()).ToList();
    }

    /// <summary>
    /// Retries a finished run, in one transaction: its failed objects become new batches, batches still outstanding
    /// (objects listed but never copied, e.g. when the listing failed) go back to pending, a mirror's failed and skipped
    /// deletes to pending, and the run moves to Running
    /// (or Queued, to finish its listing too, when the listing had not ended; see
    /// <see cref="MigrationStateMachine.RetryState"/>). Returns every batch id to publish, or null when the run was
    /// not finished (then nothing changed).
    /// </summary>
    public async Task<IReadOnlyList<string>?> RetryAsync(Guid runId, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.id = @id", new { id = Id(runId) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null || !((MigrationState)row.State).IsFinished()) return null;
        var run = row.ToRun();
        // A mirror's deletes that failed, or waited for copies that failed, are tried again after the copies; those
        // over maxDelete stay refused.
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE run_deletions SET status = 'pending', error = '' WHERE run_id = @id AND status IN ('failed', 'skipped')",
            new { id = Id(runId) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE copy_batches SET status = 'pending', worker = NULL, lease_until = NULL, published_at = @now WHERE run_id = @id",
            new { id = Id(runId), now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM copy_batches WHERE run_id = @id ORDER BY seq", new { id = Id(runId) }, tx, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var seq = run.NextBatchSeq;
        var accumulator = new BatchAccumulator();
        string? after = null;
        while (true)
        {
            // Keyset pages: the failed rows of a large run never sit in memory at once.
            var page = (await connection.QueryAsync<(string Key, long Size, long Modified)>(new CommandDefinition(
                "SELECT object_key, listed_size, listed_modified FROM object_reports WHERE run_id = @id AND succeeded = FALSE"
                + (after is null ? "" : " AND object_key > @after") + " ORDER BY object_key LIMIT 1000",
                new { id = Id(runId), after }, tx, cancellationToken: ct)).ConfigureAwait(false)).ToList();
            // Without the listed ETag: a retry copies the version there now (an object that failed because it changed
            // during the copy would otherwise fail again); its reads are pinned to the version the first one finds.
            foreach (var (key, size, modified) in page)
                foreach (var items in accumulator.Add(new ObjectSummary(key, size, FromMs(modified), ETag: null)))
                    ids.Add(await InsertRetryBatchAsync(items).ConfigureAwait(false));
            if (page.Count < 1000) break;
            after = page[^1].Key;
        }
        if (accumulator.Flush() is { } last) ids.Add(await InsertRetryBatchAsync(last).ConfigureAwait(false));

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET next_batch_seq = @seq, lister_owner = NULL, lister_lease_until = NULL, failing_reason = NULL WHERE id = @id",
            new { id = Id(runId), seq }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (!await RunSql.TryMoveAsync(connection, tx, runId, MigrationStateMachine.RetryState(run.ListingCompleted), now, ct).ConfigureAwait(false))
            return null;
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ids;

        async Task<string> InsertRetryBatchAsync(IReadOnlyList<ObjectSummary> items)
        {
            var batchSeq = seq++;
            var batch = new CopyBatch(CopyBatch.IdFor(runId, batchSeq), runId, batchSeq, items);
            await BatchSql.InsertAsync(connection, tx, batch, now, ct).ConfigureAwait(false);
            return batch.Id;
        }
    }
}
