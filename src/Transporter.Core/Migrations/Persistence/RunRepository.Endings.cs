using Dapper;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class RunRepository
{
    /// <summary>
    /// Finishes the run if its listing ended and no batch is outstanding: Completed only when every listed object was
    /// copied (files_completed = files_found, none failed), CompletedWithErrors otherwise; objects that were listed but
    /// have no outcome are named in the errors, so "Completed" never means "not copied". Returns the finished state when
    /// this call finished it, null otherwise (not yet, already, or paused).
    /// </summary>
    public async Task<MigrationState?> TryCompleteAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        // Every batch's commit asks; a read answers "not yet" without taking the database's write lock.
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
                SELECT EXISTS (SELECT 1 FROM migration_runs WHERE id = @id AND listing_completed = TRUE AND failing_reason IS NULL)
                   AND NOT EXISTS (SELECT 1 FROM copy_batches b WHERE b.run_id = @id)
                """, new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false))
            return null;
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        var row = await connection.QuerySingleOrDefaultAsync<(int State, long Found, long Completed, long Failed)>(new CommandDefinition($"""
            UPDATE migration_runs SET state = CASE WHEN files_failed = 0 AND files_completed = files_found
                    AND NOT EXISTS (SELECT 1 FROM run_deletions d WHERE d.run_id = @id AND d.status <> 'deleted') THEN @completed ELSE @withErrors END,
                finished_at = @now, updated_at = @now
            WHERE id = @id AND listing_completed = TRUE AND failing_reason IS NULL
              AND state {InStates(MigrationStateMachine.From(MigrationState.Completed))}
              AND NOT EXISTS (SELECT 1 FROM copy_batches b WHERE b.run_id = @id)
              AND NOT EXISTS (SELECT 1 FROM run_deletions d WHERE d.run_id = @id AND d.status = 'pending')
            RETURNING state, files_found, files_completed, files_failed
            """, new
        {
            id = Id(runId),
            now,
            completed = (int)MigrationState.Completed,
            withErrors = (int)MigrationState.CompletedWithErrors,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row == default) return null;
        await WebhookOutboxSql.EnqueueRunEventAsync(connection, tx, secrets, runId, Webhooks.WebhookEvents.RunEnded, now, ct).ConfigureAwait(false);
        var unaccounted = row.Found - row.Completed - row.Failed;
        if (unaccounted != 0)
            await RunSql.AddErrorAsync(connection, tx, runId,
                $"{unaccounted} listed objects have no outcome (neither copied nor failed); run a sync to copy what is missing", now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (MigrationState)row.State;
    }

    /// <summary>Starts failing an active run with <paramref name="reason"/> (also written to its errors), in one
    /// transaction: its workers notice within a second, cancel their copies and give the rest back; it becomes Failed
    /// with <see cref="TryFailAsync"/> once none is copying. False when the run was not active or already failing.</summary>
    public async Task<bool> BeginFailingAsync(Guid runId, string reason, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        var started = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET failing_reason = @reason, updated_at = @now
            WHERE id = @id AND failing_reason IS NULL AND state {InStates(MigrationStateMachine.Active)}
            """, new { id = Id(runId), reason, now }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
        if (started) await RunSql.AddErrorAsync(connection, tx, runId, reason, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return started;
    }

    /// <summary>Moves a failing run to Failed when no live worker is copying any of its batches; true when this call did.</summary>
    public async Task<bool> TryFailAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        // Every batch's commit asks; a read answers for a run that is not failing without taking the write lock (a run
        // that starts failing just after is moved by its supervisor, which asks every few seconds).
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM migration_runs WHERE id = @id AND failing_reason IS NOT NULL)", new { id = Id(runId) },
                cancellationToken: ct)).ConfigureAwait(false))
            return false;
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        if (await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET state = @failed, finished_at = @now, updated_at = @now, progress_at = @now
            WHERE id = @id AND failing_reason IS NOT NULL AND state {InStates(MigrationStateMachine.From(MigrationState.Failed))}
              AND NOT EXISTS (SELECT 1 FROM copy_batches b WHERE b.run_id = @id AND b.status = 'working' AND b.lease_until >= @now)
            """, new { id = Id(runId), failed = (int)MigrationState.Failed, now }, tx, cancellationToken: ct)).ConfigureAwait(false) != 1)
            return false;
        await WebhookOutboxSql.EnqueueRunEventAsync(connection, tx, secrets, runId, Webhooks.WebhookEvents.RunFailed, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Aborts the run: Terminated, and its lister lets go. Its outstanding batches stay (objects listed but not
    /// copied: workers cancel their copies and give the rest back), so a retry copies exactly what the abort left. False
    /// when the run was not active or paused.</summary>
    public async Task<bool> AbortAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        if (!await RunSql.TryMoveAsync(connection, tx, runId, MigrationState.Terminated, now, ct).ConfigureAwait(false)) return false;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET lister_owner = NULL, lister_lease_until = NULL WHERE id = @id", new { id = Id(runId) }, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await WebhookOutboxSql.EnqueueRunEventAsync(connection, tx, secrets, runId, Webhooks.WebhookEvents.RunEnded, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }
}
