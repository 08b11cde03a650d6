using System.Data.Common;
using Dapper;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class MigrationRepository
{
    /// <summary>A new run of an existing migration (a schedule firing, a re-run), in state Queued.</summary>
    public async Task<MigrationRun> CreateRunAsync(Guid migrationId, DateTimeOffset? since, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var run = await InsertRunAsync(connection, tx, migrationId, since, NowMs(), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return run;
    }

    private static async Task<MigrationRun> InsertRunAsync(DbConnection connection, DbTransaction tx, Guid migrationId, DateTimeOffset? since,
        long now, CancellationToken ct)
    {
        var number = 1 + await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(number), 0) FROM migration_runs WHERE migration_id = @id", new { id = Id(migrationId) }, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        var run = new MigrationRun
        {
            Id = Guid.NewGuid(),
            MigrationId = migrationId,
            Number = checked((int)number),
            State = MigrationState.Queued,
            Since = since,
            CreatedAt = FromMs(now),
            UpdatedAt = FromMs(now),
            ProgressAt = FromMs(now),
        };
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO migration_runs (id, migration_id, number, state, listing_completed, last_key, next_batch_seq, since,
                created_at, updated_at, progress_at, files_found, files_completed, files_failed, bytes_transmitted)
            VALUES (@id, @migrationId, @number, @state, FALSE, NULL, 0, @since, @now, @now, @now, 0, 0, 0, 0)
            """, new
        {
            id = Id(run.Id),
            migrationId = Id(migrationId),
            number = run.Number,
            state = (int)run.State,
            since = since?.ToUnixTimeMilliseconds(),
            now,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return run;
    }

    public async Task<MigrationRun?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.id = @id", new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRun();
    }

    /// <summary>The states of the given runs (unknown ids are absent), and whether each is failing: what workers poll to
    /// notice pause, abort and failure.</summary>
    public async Task<IReadOnlyDictionary<Guid, RunControlState>> GetRunStatesAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return new Dictionary<Guid, RunControlState>();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Id, int State, string? Failing)>(new CommandDefinition(
            "SELECT id, state, failing_reason FROM migration_runs WHERE " + Dialect.IsAnyOf("id", "@ids"), new { ids = runIds.Select(Id).ToArray() },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => Guid.Parse(r.Id), r => new RunControlState((MigrationState)r.State, Failing: r.Failing is not null));
    }

    /// <summary>The start of the latest Completed run of <paramref name="migrationId"/>: where a by-time sync starts.</summary>
    public async Task<DateTimeOffset?> GetLastSuccessfulStartAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(started_at) FROM migration_runs WHERE migration_id = @id AND state = @completed",
            new { id = Id(migrationId), completed = (int)MigrationState.Completed }, cancellationToken: ct)).ConfigureAwait(false);
        return FromMs(ms);
    }

    /// <summary>
    /// Moves the run to <paramref name="to"/> if its current state allows it (<see cref="MigrationStateMachine.From"/>).
    /// Started stamps the start time once; finished states stamp the finish time; Running and Queued clear it.
    /// </summary>
    /// <param name="onlyFrom">Narrows the allowed sources to these (a subset of <see cref="MigrationStateMachine.From"/>).</param>
    public async Task<bool> TryMoveAsync(Guid runId, MigrationState to, CancellationToken ct = default, IReadOnlyList<MigrationState>? onlyFrom = null)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await TryMoveAsync(connection, null, runId, to, NowMs(), ct, onlyFrom).ConfigureAwait(false);
    }

    /// <param name="onlyFrom">Narrows the allowed sources to these (a subset of <see cref="MigrationStateMachine.From"/>).</param>
    private static async Task<bool> TryMoveAsync(DbConnection connection, DbTransaction? tx, Guid runId, MigrationState to, long now, CancellationToken ct,
        IReadOnlyList<MigrationState>? onlyFrom = null)
    {
        var from = MigrationStateMachine.From(to).Where(s => onlyFrom is null || onlyFrom.Contains(s));
        var stamps = to switch
        {
            MigrationState.Verified or MigrationState.Started => ", started_at = COALESCE(started_at, @now)",
            _ when to.IsFinished() => ", finished_at = @now",
            MigrationState.Running or MigrationState.Queued => ", finished_at = NULL",
            _ => "",
        };
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE migration_runs SET state = @to, updated_at = @now, progress_at = @now{stamps} WHERE id = @id AND state {InStates(from)}",
            new { id = Id(runId), to = (int)to, now }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Records an error of the run for GET /state (at most <see cref="MaxErrorsPerRun"/> are kept).</summary>
    public async Task AddErrorAsync(Guid runId, string message, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await AddErrorAsync(connection, null, runId, message, NowMs(), ct).ConfigureAwait(false);
    }

    private static Task AddErrorAsync(DbConnection connection, DbTransaction? tx, Guid runId, string message, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO run_errors (run_id, message, at) SELECT @id, @message, @now WHERE (SELECT COUNT(*) FROM run_errors WHERE run_id = @id) < @max",
            new { id = Id(runId), message, now, max = MaxErrorsPerRun }, tx, cancellationToken: ct));

    public async Task<IReadOnlyList<string>> GetErrorsAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT message FROM run_errors WHERE run_id = @id ORDER BY id", new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    /// <summary>
    /// Finishes the run if its listing ended and no batch is outstanding: Completed only when every listed object was
    /// copied (files_completed = files_found, none failed), CompletedWithErrors otherwise; objects that were listed but
    /// have no outcome are named in the errors, so "Completed" never means "not copied". Returns the finished state when
    /// this call finished it, null otherwise (not yet, already, or paused).
    /// </summary>
    public async Task<MigrationState?> TryCompleteAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = NowMs();
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
        await EnqueueRunEventAsync(connection, tx, runId, Webhooks.WebhookEvents.RunEnded, now, ct).ConfigureAwait(false);
        var unaccounted = row.Found - row.Completed - row.Failed;
        if (unaccounted != 0)
            await AddErrorAsync(connection, tx, runId,
                $"{unaccounted} listed objects have no outcome (neither copied nor failed); run a sync to copy what is missing", now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (MigrationState)row.State;
    }

    /// <summary>Starts failing an active run with <paramref name="reason"/> (also written to its errors), in one
    /// transaction: its workers notice within a second, cancel their copies and give the rest back; it becomes Failed
    /// with <see cref="TryFailAsync"/> once none is copying. False when the run was not active or already failing.</summary>
    public async Task<bool> BeginFailingAsync(Guid runId, string reason, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = NowMs();
        var started = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET failing_reason = @reason, updated_at = @now
            WHERE id = @id AND failing_reason IS NULL AND state {InStates(MigrationStateMachine.Active)}
            """, new { id = Id(runId), reason, now }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
        if (started) await AddErrorAsync(connection, tx, runId, reason, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return started;
    }

    /// <summary>Moves a failing run to Failed when no live worker is copying any of its batches; true when this call did.</summary>
    public async Task<bool> TryFailAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = NowMs();
        if (await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET state = @failed, finished_at = @now, updated_at = @now, progress_at = @now
            WHERE id = @id AND failing_reason IS NOT NULL AND state {InStates(MigrationStateMachine.From(MigrationState.Failed))}
              AND NOT EXISTS (SELECT 1 FROM copy_batches b WHERE b.run_id = @id AND b.status = 'working' AND b.lease_until >= @now)
            """, new { id = Id(runId), failed = (int)MigrationState.Failed, now }, tx, cancellationToken: ct)).ConfigureAwait(false) != 1)
            return false;
        await EnqueueRunEventAsync(connection, tx, runId, Webhooks.WebhookEvents.RunFailed, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Aborts the run: Terminated, and its lister lets go. Its outstanding batches stay (objects listed but not
    /// copied: workers cancel their copies and give the rest back), so a retry copies exactly what the abort left. False
    /// when the run was not active or paused.</summary>
    public async Task<bool> AbortAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = NowMs();
        if (!await TryMoveAsync(connection, tx, runId, MigrationState.Terminated, now, ct).ConfigureAwait(false)) return false;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET lister_owner = NULL, lister_lease_until = NULL WHERE id = @id", new { id = Id(runId) }, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        await EnqueueRunEventAsync(connection, tx, runId, Webhooks.WebhookEvents.RunEnded, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Pauses (<paramref name="paused"/>) or resumes the migration: the flag, and its latest run moved to Paused,
    /// or back to where it was (<see cref="MigrationStateMachine.ResumeState"/>), in one transaction. Returns the run
    /// when its state changed.</summary>
    public async Task<MigrationRun?> SetPausedAsync(Guid migrationId, bool paused, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = NowMs();
        await connection.ExecuteAsync(new CommandDefinition("UPDATE migrations SET paused = @paused WHERE id = @id",
            new { id = Id(migrationId), paused }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.migration_id = @id ORDER BY r.number DESC LIMIT 1", new { id = Id(migrationId) }, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        MigrationRun? changed = null;
        if (row is not null)
        {
            var run = row.ToRun();
            var to = paused ? MigrationState.Paused : MigrationStateMachine.ResumeState(run.ListingCompleted, run.StartedAt is not null);
            if ((paused || run.State == MigrationState.Paused) && await TryMoveAsync(connection, tx, run.Id, to, now, ct).ConfigureAwait(false))
            {
                // The lister lets go of a paused run; whoever resumes it claims it afresh.
                if (paused)
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE migration_runs SET lister_owner = NULL, lister_lease_until = NULL WHERE id = @id", new { id = Id(run.Id) }, tx,
                        cancellationToken: ct)).ConfigureAwait(false);
                changed = run with { State = to };
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return changed;
    }
}
