using Dapper;
using Transporter.Core.Reports;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>Mirror syncs (docs/migration-controls.md, "Mirror syncs"): the destination objects the source no longer has
/// are stored while listing, with the checkpoints; once the run's copies are done the guard decides, in one transaction,
/// and the lister deletes them chunk by chunk.</summary>
public sealed class DeletionRepository(MigrationDatabase db)
{
    /// <summary>Stores deletion candidates found between checkpoints (a listing that finds many and copies little);
    /// storing one twice is harmless.</summary>
    public async Task AddExtraneousAsync(Guid runId, IReadOnlyList<ObjectSummary> items, CancellationToken ct = default)
    {
        if (items.Count == 0) return;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await DeletionSql.InsertExtraneousAsync(connection, tx, runId, items, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Decides, in one transaction, what the run does with its pending candidates: nothing pending; some objects failed
    /// to copy (all become skipped, and an error line says so); more than <paramref name="limit"/> allows of the
    /// destination objects the listing saw (all become refused, and an error line says so); or delete them.
    /// </summary>
    public async Task<DeletionVerdict> DecideDeletionsAsync(Guid runId, DeleteLimit? limit, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var (pending, total, seen, failed) = await connection.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM run_deletions d WHERE d.run_id = @id AND d.status = 'pending'),
                   (SELECT COUNT(*) FROM run_deletions d WHERE d.run_id = @id),
                   r.destination_seen, r.files_failed
            FROM migration_runs r WHERE r.id = @id
            """, new { id = Id(runId) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (pending == 0) return DeletionVerdict.Nothing;
        var (verdict, line) =
            failed > 0 ? (DeletionVerdict.Skipped, $"mirror: {pending} objects at the destination that the source no longer has were not deleted " +
                $"because {failed} objects failed to copy; POST /retry copies them and then deletes")
            : limit is not null && !limit.Allows(total, seen) ? (DeletionVerdict.Refused, $"mirror: {total} of the destination's {seen} objects " +
                $"are not at the source, more than maxDelete {limit} allows; nothing was deleted")
            : (DeletionVerdict.Delete, null);
        if (line is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE run_deletions SET status = @status WHERE run_id = @id AND status = 'pending'",
                new { id = Id(runId), status = verdict == DeletionVerdict.Skipped ? DeletionStatus.Skipped : DeletionStatus.Refused }, tx,
                cancellationToken: ct)).ConfigureAwait(false);
            await RunSql.AddErrorAsync(connection, tx, runId, line, now, ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return verdict;
    }

    /// <summary>The next pending candidates of the run in key order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ObjectSummary>> GetPendingDeletionsAsync(Guid runId, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Key, long Size, string? ETag, long Modified)>(new CommandDefinition(
            "SELECT object_key, size, etag, last_modified FROM run_deletions WHERE run_id = @id AND status = 'pending' ORDER BY object_key LIMIT @limit",
            new { id = Id(runId), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new ObjectSummary(r.Key, r.Size, FromMs(r.Modified), r.ETag)).ToList();
    }

    /// <summary>Records deletes in one transaction: each row deleted or failed (with an error line per failure), the
    /// run's filesDeleted and progress. Only rows still pending change, so a chunk committed twice counts once.</summary>
    public async Task CommitDeletionsAsync(Guid runId, IReadOnlyList<DeletionOutcome> outcomes, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        long deleted = 0;
        foreach (var outcome in outcomes)
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE run_deletions SET status = @status, finished_at = @now, error = @error WHERE run_id = @id AND object_key = @key AND status = 'pending'",
                new { id = Id(runId), key = outcome.Key, status = outcome.Error is null ? DeletionStatus.Deleted : DeletionStatus.Failed, error = outcome.Error ?? "", now },
                tx, cancellationToken: ct)).ConfigureAwait(false);
            if (changed == 0) continue;
            if (outcome.Error is null) deleted++;
            else await RunSql.AddErrorAsync(connection, tx, runId, $"mirror: deleting {outcome.Key} at the destination failed: {outcome.Error}", now, ct).ConfigureAwait(false);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET files_deleted = files_deleted + @deleted, updated_at = @now, progress_at = @now WHERE id = @id",
            new { id = Id(runId), deleted, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Every decided deletion row of the run (not the pending ones) in key order, a page at a time.</summary>
    public async Task<IReadOnlyList<DeletionReport>> GetDeletionsAsync(Guid runId, string? afterKey, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Key, long Size, string? ETag, long Modified, string Status, long? Finished, string Error)>(
            new CommandDefinition(
                "SELECT object_key, size, etag, last_modified, status, finished_at, error FROM run_deletions WHERE run_id = @id AND status <> 'pending'"
                + (afterKey is null ? "" : " AND object_key > @afterKey") + " ORDER BY object_key LIMIT @limit",
                new { id = Id(runId), afterKey, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new DeletionReport
        {
            ObjectKey = r.Key,
            Size = r.Size,
            ETag = r.ETag ?? "",
            LastModified = FromMs(r.Modified),
            Status = r.Status,
            FinishedAt = FromMs(r.Finished),
            Error = r.Error,
        }).ToList();
    }
}
