using System.Data.Common;
using Dapper;
using Transporter.Core.Storage;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Copy batches (docs/migration-engine.md, "Listing" and "Workers"): the lister stores them with its checkpoint, workers
/// claim them with a lease, and a batch's outcome is committed in one transaction (<c>.Commit</c>) with its report rows,
/// the run's counters, errors and statistics points. A row exists only while its batch is outstanding.
/// </summary>
public sealed partial class BatchRepository(MigrationDatabase db)
{
    /// <summary>
    /// Stores batch <paramref name="seq"/> of the run and advances the listing checkpoint past it (last_key,
    /// next_batch_seq, files_found, bytes_found, and the statistics point when enabled), in one transaction. Only the lister lease
    /// holder at the expected <paramref name="seq"/> may do it; returns null otherwise (the lease was lost, or another
    /// lister got there first), and then nothing was written. A mirror sync's <paramref name="destination"/> (deletion
    /// candidates and destination objects seen up to the batch's last key) is stored in the same transaction.
    /// </summary>
    public async Task<CopyBatch?> AddBatchAsync(Guid runId, string listerOwner, long seq, IReadOnlyList<ObjectSummary> items, CancellationToken ct = default,
        DestinationTally? destination = null)
    {
        destination ??= DestinationTally.None;
        if (items.Count == 0) throw new ArgumentException("a batch needs objects", nameof(items));
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var advanced = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE migration_runs SET last_key = @lastKey, next_batch_seq = @next, files_found = files_found + @count,
                bytes_found = bytes_found + @bytes, destination_seen = destination_seen + @seen, updated_at = @now, progress_at = @now
            WHERE id = @id AND lister_owner = @owner AND next_batch_seq = @seq
            """, new { id = Id(runId), owner = listerOwner, seq, next = seq + 1, lastKey = items[^1].Key, count = items.Count, bytes = items.Sum(i => i.Size),
                seen = destination.Seen, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (advanced == 0) return null;
        await DeletionSql.InsertExtraneousAsync(connection, tx, runId, destination.Extraneous, ct).ConfigureAwait(false);
        var batch = new CopyBatch(CopyBatch.IdFor(runId, seq), runId, seq, items);
        await BatchSql.InsertAsync(connection, tx, batch, now, ct).ConfigureAwait(false);
        await AddStatsAsync(connection, tx, runId, now, found: items.Count, transferred: 0, failed: 0, bytes: 0, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return batch;
    }

    /// <summary>Batches of the run not yet done (pending or being copied): the lister's backpressure measure.</summary>
    public async Task<long> CountOutstandingBatchesAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM copy_batches WHERE run_id = @id", new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Ids of the run's batches to publish again, stamped as published now: every outstanding batch when
    /// <paramref name="all"/> (a lister that just claimed the run: messages may have died with a process); otherwise
    /// those whose worker's lease expired and pending ones published before <paramref name="pendingBefore"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakeBatchesToRepublishAsync(Guid runId, bool all, DateTimeOffset pendingBefore, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var filter = all ? "" : " AND ((status = 'working' AND lease_until < @now) OR (status = 'pending' AND published_at < @before))";
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM copy_batches WHERE run_id = @id" + filter + " ORDER BY seq",
            new { id = Id(runId), now, before = pendingBefore.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        foreach (var chunk in ids.Chunk(500))
            await connection.ExecuteAsync(new CommandDefinition("UPDATE copy_batches SET published_at = @now WHERE " + db.Dialect.IsAnyOf("id", "@ids"),
                new { ids = chunk, now }, cancellationToken: ct)).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Marks pending batches whose message did not reach the broker, so the run's supervisor publishes them at its
    /// next pass instead of after <c>PendingRepublishAge</c>.</summary>
    public async Task MarkUnpublishedAsync(IReadOnlyCollection<string> batchIds, CancellationToken ct = default)
    {
        if (batchIds.Count == 0) return;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        foreach (var chunk in batchIds.Chunk(500))
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE copy_batches SET published_at = 0 WHERE status = 'pending' AND " + db.Dialect.IsAnyOf("id", "@ids"),
                new { ids = chunk }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>What the run's outstanding batches are doing, for a stalled run's explanation.</summary>
    public async Task<OutstandingBatches> DescribeOutstandingAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<(long Pending, long PendingObjects, long Working, long WorkingObjects, long Expired)>(
            new CommandDefinition("""
                SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN status = 'pending' THEN item_count ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN status = 'working' THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN status = 'working' THEN item_count ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN status = 'working' AND lease_until < @now THEN 1 ELSE 0 END), 0)
                FROM copy_batches WHERE run_id = @id
                """, new { id = Id(runId), now = db.NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
        return new OutstandingBatches(row.Pending, row.PendingObjects, row.Working, row.WorkingObjects, row.Expired);
    }

    /// <summary>
    /// Claims the batch for <paramref name="worker"/> until <paramref name="leaseUntil"/>: when it is pending, its
    /// previous worker's lease expired, or it is already <paramref name="worker"/>'s. Null when there is no such batch
    /// (done, or another live worker has it).
    /// </summary>
    public async Task<CopyBatch?> TryClaimBatchAsync(string batchId, string worker, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition("""
            UPDATE copy_batches SET status = 'working', worker = @worker, lease_until = @until
            WHERE id = @id AND (status = 'pending' OR lease_until < @now OR worker = @worker)
            RETURNING id AS Id, run_id AS RunId, seq AS Seq, items AS Items
            """, new { id = batchId, worker, until = leaseUntil.ToUnixTimeMilliseconds(), now = db.NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToBatch();
    }

    /// <summary>Extends the worker's lease; false when it lost the batch.</summary>
    public async Task<bool> RenewBatchAsync(string batchId, string worker, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE copy_batches SET lease_until = @until WHERE id = @id AND worker = @worker AND status = 'working'",
            new { id = batchId, worker, until = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Gives the batch back untouched (pending), e.g. because its run is paused.</summary>
    public async Task ReleaseBatchAsync(string batchId, string worker, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE copy_batches SET status = 'pending', worker = NULL, lease_until = NULL WHERE id = @id AND worker = @worker",
            new { id = batchId, worker }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Drops the batch held by <paramref name="worker"/> without recording anything (its run ended).</summary>
    public async Task DropBatchAsync(string batchId, string worker, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM copy_batches WHERE id = @id AND worker = @worker", new { id = batchId, worker }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Ids of the run's pending batches (to publish again on resume).</summary>
    public async Task<IReadOnlyList<string>> GetPendingBatchIdsAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM copy_batches WHERE run_id = @id AND status = 'pending' ORDER BY seq", new { id = Id(runId) },
            cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    private static async Task AddStatsAsync(DbConnection connection, DbTransaction tx, Guid runId, long now, long found, long transferred, long failed,
        long bytes, CancellationToken ct)
    {
        if (found == 0 && transferred == 0 && failed == 0 && bytes == 0) return;
        // Per-minute points of migrations with enableStatistics; the statistics API sums them.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO migration_stats (migration_id, root, minute, files_found, files_transferred, files_failed, bytes_transferred)
            SELECT m.id, m.root, @minute, @found, @transferred, @failed, @bytes
            FROM migration_runs r JOIN migrations m ON m.id = r.migration_id
            WHERE r.id = @id AND m.enable_statistics = TRUE
            ON CONFLICT (migration_id, minute) DO UPDATE SET
                files_found = migration_stats.files_found + excluded.files_found,
                files_transferred = migration_stats.files_transferred + excluded.files_transferred,
                files_failed = migration_stats.files_failed + excluded.files_failed,
                bytes_transferred = migration_stats.bytes_transferred + excluded.bytes_transferred
            """, new { id = Id(runId), minute = now / 60_000 * 60_000, found, transferred, failed, bytes }, tx, cancellationToken: ct)).ConfigureAwait(false);
    }
}
