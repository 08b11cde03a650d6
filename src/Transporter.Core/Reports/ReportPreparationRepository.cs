using System.Data.Common;
using Dapper;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Reports;

/// <summary>
/// report_preparations (Dapper; same SQL on SQLite and PostgreSQL). Only one preparation per migration runs at a time,
/// across every API process of the database: starting one is a conditional upsert that succeeds when none runs or the
/// one running lost its lease (its process died), and every later step of the preparation is conditional on still
/// owning it. Split by family: .Downloads.
/// </summary>
public sealed partial class ReportPreparationRepository(Database db, MigrationDatabase migrationDatabase, TimeProvider clock)
{
    private const string Select = """
        SELECT migration_id AS MigrationId, run_id AS RunId, state AS State, owner AS Owner, lease_until AS LeaseUntil,
               requested_at AS RequestedAt, finished_at AS FinishedAt, error AS Error, bundle AS Bundle, token_hash AS TokenHash,
               expires_at AS ExpiresAt
        FROM report_preparations
        """;

    private readonly SchemaGate _schema = new(db, async ct =>
    {
        await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false);
        await SchemaMigrator.ApplyAsync(db, ReportSchema.Component, ReportSchema.Steps, ct).ConfigureAwait(false);
    });

    /// <summary>Creates or upgrades the tables (after the migration tables); every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    /// <summary>
    /// Starts a preparation of <paramref name="runId"/>'s reports for <paramref name="owner"/>, holding it until
    /// <paramref name="leaseUntil"/>. False, having changed nothing, while another preparation of the migration runs
    /// with a live lease. The previous bundle and its token stay as they are until the new one completes.
    /// </summary>
    public async Task<bool> TryStartAsync(Guid migrationId, Guid runId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO report_preparations (migration_id, run_id, state, owner, lease_until, requested_at)
            VALUES (@id, @runId, @preparing, @owner, @until, @now)
            ON CONFLICT (migration_id) DO UPDATE SET run_id = excluded.run_id, state = excluded.state, owner = excluded.owner,
                lease_until = excluded.lease_until, requested_at = excluded.requested_at, finished_at = NULL, error = NULL
            WHERE report_preparations.state <> @preparing OR report_preparations.lease_until <= @now
            """, new
        {
            id = Id(migrationId),
            runId = Id(runId),
            preparing = ReportPreparationState.Preparing,
            owner,
            until = leaseUntil.ToUnixTimeMilliseconds(),
            now,
        }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Extends <paramref name="owner"/>'s lease; false when it no longer holds the preparation.</summary>
    public async Task<bool> RenewAsync(Guid migrationId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE report_preparations SET lease_until = @until WHERE migration_id = @id AND owner = @owner AND state = @preparing",
            new { id = Id(migrationId), owner, until = leaseUntil.ToUnixTimeMilliseconds(), preparing = ReportPreparationState.Preparing },
            cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Ends <paramref name="owner"/>'s preparation with the bundle <paramref name="bundle"/> and its token's hash, in one
    /// transaction. Returns whether it still held the preparation (when not, nothing changed and the new bundle is not
    /// referenced) and the file name of the bundle it replaced, which the caller deletes.
    /// </summary>
    public async Task<(bool Completed, string? Replaced)> CompleteAsync(Guid migrationId, string owner, string bundle, string tokenHash,
        DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var previous = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT bundle FROM report_preparations WHERE migration_id = @id AND owner = @owner AND state = @preparing",
            new { id = Id(migrationId), owner, preparing = ReportPreparationState.Preparing }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE report_preparations SET state = @ready, owner = NULL, lease_until = NULL, finished_at = @now, error = NULL,
                bundle = @bundle, token_hash = @hash, expires_at = @expires
            WHERE migration_id = @id AND owner = @owner AND state = @preparing
            """, new
        {
            id = Id(migrationId),
            owner,
            bundle,
            hash = tokenHash,
            expires = expiresAt.ToUnixTimeMilliseconds(),
            now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ready = ReportPreparationState.Ready,
            preparing = ReportPreparationState.Preparing,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return updated == 1 ? (true, previous == bundle ? null : previous) : (false, null);
    }

    /// <summary>Ends <paramref name="owner"/>'s preparation as failed; the previous bundle stays downloadable. False when
    /// it no longer held the preparation.</summary>
    public async Task<bool> FailAsync(Guid migrationId, string owner, string error, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE report_preparations SET state = @failed, owner = NULL, lease_until = NULL, finished_at = @now, error = @error
            WHERE migration_id = @id AND owner = @owner AND state = @preparing
            """, new
        {
            id = Id(migrationId),
            owner,
            error,
            now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            failed = ReportPreparationState.Failed,
            preparing = ReportPreparationState.Preparing,
        }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>The migration's preparation record; null when reports were never asked for.</summary>
    public async Task<ReportPreparation?> GetAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PreparationRow>(new CommandDefinition(
            Select + " WHERE migration_id = @id", new { id = Id(migrationId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToPreparation();
    }

    /// <summary>Whether a preparation of the migration is under way now (<see cref="ReportPreparation.IsPreparingAt"/>).</summary>
    public async Task<bool> IsPreparingAsync(Guid migrationId, CancellationToken ct = default) =>
        (await GetAsync(migrationId, ct).ConfigureAwait(false))?.IsPreparingAt(clock.GetUtcNow()) == true;

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    private static string Id(Guid id) => id.ToString("D");

    private sealed class PreparationRow
    {
        public string MigrationId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string State { get; set; } = "";
        public string? Owner { get; set; }
        public long? LeaseUntil { get; set; }
        public long RequestedAt { get; set; }
        public long? FinishedAt { get; set; }
        public string? Error { get; set; }
        public string? Bundle { get; set; }
        public string? TokenHash { get; set; }
        public long? ExpiresAt { get; set; }

        public ReportPreparation ToPreparation() => new()
        {
            MigrationId = Guid.Parse(MigrationId),
            RunId = Guid.Parse(RunId),
            State = State,
            Owner = Owner,
            LeaseUntil = FromMs(LeaseUntil),
            RequestedAt = DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt),
            FinishedAt = FromMs(FinishedAt),
            Error = Error,
            Bundle = Bundle,
            TokenHash = TokenHash,
            ExpiresAt = FromMs(ExpiresAt),
        };
    }
}
