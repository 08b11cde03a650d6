using System.Data.Common;
using Dapper;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>Writes to a run that several repositories make inside their own transactions: a new run (with its
/// migration, or a re-run), a state move (a listing's end, a retry, a pause), an error line (a failed object, delete or
/// webhook).</summary>
internal static class RunSql
{
    /// <summary>A new run of the migration, numbered after its last, in state Queued.</summary>
    public static async Task<MigrationRun> InsertAsync(DbConnection connection, DbTransaction tx, Guid migrationId, DateTimeOffset? since,
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

    /// <summary>
    /// Moves the run to <paramref name="to"/> if its current state allows it (<see cref="MigrationStateMachine.From"/>).
    /// Started stamps the start time once; finished states stamp the finish time; Running and Queued clear it.
    /// </summary>
    /// <param name="onlyFrom">Narrows the allowed sources to these (a subset of <see cref="MigrationStateMachine.From"/>).</param>
    public static async Task<bool> TryMoveAsync(DbConnection connection, DbTransaction? tx, Guid runId, MigrationState to, long now, CancellationToken ct,
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

    /// <summary>Records an error of the run for GET /state (at most <see cref="RunRepository.MaxErrorsPerRun"/> are kept).</summary>
    public static Task AddErrorAsync(DbConnection connection, DbTransaction? tx, Guid runId, string message, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO run_errors (run_id, message, at) SELECT @id, @message, @now WHERE (SELECT COUNT(*) FROM run_errors WHERE run_id = @id) < @max",
            new { id = Id(runId), message, now, max = RunRepository.MaxErrorsPerRun }, tx, cancellationToken: ct));
}
