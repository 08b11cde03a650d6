using Dapper;
using Transporter.Core.Persistence;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class BatchRepository
{
    /// <summary>
    /// Records the outcome of <paramref name="worker"/>'s batch in ONE transaction: report rows are upserted (a row that
    /// already succeeded is never replaced; a failed row is replaced by the new outcome), the run's counters change by
    /// exactly the differences those upserts made, errors and statistics points are added, and the batch row is deleted
    /// — or, when <paramref name="remaining"/> has objects (pause, time budget), keeps only those and goes back to
    /// pending. Returns null, having written nothing, when the worker no longer holds the batch (another worker or an
    /// abort took it): a redelivery after a commit therefore counts nothing twice.
    /// </summary>
    public async Task<BatchCommit?> CommitBatchAsync(CopyBatch batch, string worker, IReadOnlyList<CopiedObject> outcomes,
        IReadOnlyList<ObjectSummary> remaining, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var owned = remaining.Count == 0
            ? await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM copy_batches WHERE id = @id AND worker = @worker AND status = 'working'",
                new { id = batch.Id, worker }, tx, cancellationToken: ct)).ConfigureAwait(false)
            : await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE copy_batches SET items = @items, item_count = @count, status = 'pending', worker = NULL, lease_until = NULL, published_at = @now
                WHERE id = @id AND worker = @worker AND status = 'working'
                """, new { id = batch.Id, worker, items = MigrationJson.Write(remaining), count = remaining.Count, now }, tx,
                cancellationToken: ct)).ConfigureAwait(false);
        if (owned == 0) return null;

        var migrationId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT migration_id FROM migration_runs WHERE id = @id", new { id = Id(batch.RunId) }, tx, cancellationToken: ct)).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {batch.RunId} does not exist");
        var previous = outcomes.Count == 0 ? new Dictionary<string, bool>(StringComparer.Ordinal)
            : (await connection.QueryAsync<(string Key, bool Succeeded)>(new CommandDefinition(PreviousOutcomesSql(db.Dialect),
                new { id = Id(batch.RunId), keys = outcomes.Select(o => o.Item.Key).ToArray() }, tx, cancellationToken: ct)).ConfigureAwait(false))
                .ToDictionary(r => r.Key, r => r.Succeeded, StringComparer.Ordinal);

        long completed = 0, failed = 0, bytes = 0, newFailures = 0;
        await using var reports = new ObjectReportWriter(connection, tx, batch.RunId, migrationId);
        foreach (var outcome in outcomes)
        {
            var succeeded = outcome.Report.Succeeded;
            if (!succeeded) newFailures++;
            if (previous.TryGetValue(outcome.Item.Key, out var before))
            {
                if (before) continue;
                await reports.WriteAsync(insert: false, outcome, ct).ConfigureAwait(false);
                if (succeeded) { completed++; failed--; bytes += outcome.Report.BytesCopied; }
            }
            else
            {
                await reports.WriteAsync(insert: true, outcome, ct).ConfigureAwait(false);
                if (succeeded) { completed++; bytes += outcome.Report.BytesCopied; } else failed++;
            }
            if (!succeeded) await RunSql.AddErrorAsync(connection, tx, batch.RunId, ErrorLine(outcome.Report), now, ct).ConfigureAwait(false);
        }
        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET files_completed = files_completed + @completed, files_failed = files_failed + @failed,
                bytes_transmitted = bytes_transmitted + @bytes, updated_at = @now{(outcomes.Count > 0 ? ", progress_at = @now" : "")}
            WHERE id = @id
            """, new { id = Id(batch.RunId), completed, failed, bytes, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        // Net changes, exactly what the run's counters got: a retried object that now succeeds counts +1 transferred and -1
        // failed, so the points of a run always sum to its report rows.
        await AddStatsAsync(connection, tx, batch.RunId, now, found: 0, transferred: completed, failed: failed, bytes, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new BatchCommit(completed, failed, bytes, newFailures);
    }

    /// <summary>The run's report rows for the batch's keys (@id, @keys): looked up by key in the primary key, so a
    /// commit costs the same in a run of a thousand objects as in one of ten million. (SQLite's planner, left alone,
    /// scanned the run's whole outcome index for every batch: quadratic in the run's size.)</summary>
    internal static string PreviousOutcomesSql(SqlDialect dialect) =>
        $"SELECT object_key, succeeded FROM {dialect.ByPrimaryKey("object_reports")} WHERE run_id = @id AND {dialect.IsAnyOf("object_key", "@keys")}";

    private static string ErrorLine(ObjectReport r)
    {
        if (r.VerifyResult is { } verdict && r.SourceReadingErr.Length == 0 && r.DestinationWritingErr.Length == 0)
            return $"verify: object '{r.ObjectKey}' {Migrations.VerifyResult.Describe(verdict)}";
        var (step, error) =
            r.SourceReadingErr.Length > 0 ? ("reading the source", r.SourceReadingErr)
            : r.DestinationWritingErr.Length > 0 ? ("writing the destination", r.DestinationWritingErr)
            : r.LyveWritingErr.Length > 0 ? ("writing to Lyve", r.LyveWritingErr)
            : ("deleting the source", r.SourceDeleteErr);
        return $"error {step} for object '{r.ObjectKey}': {error}";
    }
}
