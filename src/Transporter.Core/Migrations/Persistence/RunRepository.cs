using Dapper;
using Transporter.Core.Security;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Runs of migrations: a new run, what workers poll (states, failing), state moves, the errors GET /state shows, the
/// request rates workers saw, and a run's end (completion, failure, abort; <c>.Endings</c>), whose webhooks are queued in
/// the same transaction (<see cref="WebhookOutboxSql"/>, hence the <see cref="SecretProtector"/>).
/// </summary>
public sealed partial class RunRepository(MigrationDatabase db, SecretProtector secrets)
{
    /// <summary>Most errors kept per run for GET /state (the report rows hold every object's error).</summary>
    public const int MaxErrorsPerRun = 100;

    /// <summary>A new run of an existing migration (a schedule firing, a re-run), in state Queued.</summary>
    public async Task<MigrationRun> CreateRunAsync(Guid migrationId, DateTimeOffset? since, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var run = await RunSql.InsertAsync(connection, tx, migrationId, since, db.NowMs(), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return run;
    }

    public async Task<MigrationRun?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.id = @id", new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRun();
    }

    /// <summary>The states of the given runs (unknown ids are absent), and whether each is failing: what workers poll to
    /// notice pause, abort and failure.</summary>
    public async Task<IReadOnlyDictionary<Guid, RunControlState>> GetRunStatesAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return new Dictionary<Guid, RunControlState>();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Id, int State, string? Failing)>(new CommandDefinition(
            "SELECT id, state, failing_reason FROM migration_runs WHERE " + db.Dialect.IsAnyOf("id", "@ids"), new { ids = runIds.Select(Id).ToArray() },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => Guid.Parse(r.Id), r => new RunControlState((MigrationState)r.State, Failing: r.Failing is not null));
    }

    /// <summary>The start of the latest Completed run of <paramref name="migrationId"/>: where a by-time sync starts.</summary>
    public async Task<DateTimeOffset?> GetLastSuccessfulStartAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
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
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await RunSql.TryMoveAsync(connection, null, runId, to, db.NowMs(), ct, onlyFrom).ConfigureAwait(false);
    }

    /// <summary>Records an error of the run for GET /state (at most <see cref="MaxErrorsPerRun"/> are kept).</summary>
    public async Task AddErrorAsync(Guid runId, string message, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await RunSql.AddErrorAsync(connection, null, runId, message, db.NowMs(), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> GetErrorsAsync(Guid runId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT message FROM run_errors WHERE run_id = @id ORDER BY id", new { id = Id(runId) }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    /// <summary>
    /// Adds a batch's throttled answers to the run's count and records its most limited endpoint's allowed rate (null:
    /// none limited), as the worker that copied the batch saw them (docs/migration-engine.md, "Request rates").
    /// </summary>
    public async Task RecordRequestRatesAsync(Guid runId, long throttled, double? rate, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(throttled);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET throttled_requests = throttled_requests + @throttled, request_rate = @rate WHERE id = @id",
            new { id = Id(runId), throttled, rate }, cancellationToken: ct)).ConfigureAwait(false);
    }
}
