using System.Data.Common;
using Dapper;
using Transporter.Core.Persistence;

namespace Transporter.Api.Scheduling.Persistence;

/// <summary>
/// Migration schedules in the platform database (Dapper; the same SQL on SQLite and PostgreSQL). Counting a firing is
/// one conditional UPDATE, so a run is never counted past maxRuns and a firing seen twice is counted once, whichever
/// API replica handles it.
/// </summary>
public sealed class ScheduleRepository(Database db, TimeProvider clock)
{
    private const string Select = """
        SELECT migration_id AS MigrationId, spec AS Spec, max_runs AS MaxRuns, runs AS Runs, enabled AS Enabled,
               skipped_runs AS SkippedRuns, created_at AS CreatedAt, last_skipped_at AS LastSkippedAt, last_skip_reason AS LastSkipReason
        FROM migration_schedules
        """;

    private readonly SchemaGate _schema = new(db, ScheduleSchema.Component, ScheduleSchema.Steps);

    /// <summary>Creates or upgrades the table; every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    /// <summary>Creates the schedule of <paramref name="migrationId"/> or replaces its spec, maxRuns and enabled flag;
    /// the run counter is set to <paramref name="runs"/> when given (0 resets it), else kept (0 for a new schedule).</summary>
    public async Task<MigrationSchedule> SetAsync(Guid migrationId, string spec, int maxRuns, int? runs, bool enabled, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO migration_schedules (migration_id, spec, max_runs, runs, enabled, skipped_runs, created_at, updated_at)
            VALUES (@id, @spec, @maxRuns, @runs, @enabled, 0, @now, @now)
            ON CONFLICT (migration_id) DO UPDATE SET spec = excluded.spec, max_runs = excluded.max_runs, enabled = excluded.enabled,
                runs = CASE WHEN @keepRuns THEN migration_schedules.runs ELSE excluded.runs END, updated_at = excluded.updated_at
            """, new { id = Id(migrationId), spec, maxRuns, runs = runs ?? 0, keepRuns = runs is null, enabled, now = clock.NowMs() },
            cancellationToken: ct)).ConfigureAwait(false);
        return (await GetAsync(connection, migrationId, ct).ConfigureAwait(false))!;
    }

    public async Task<MigrationSchedule?> GetAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await GetAsync(connection, migrationId, ct).ConfigureAwait(false);
    }

    /// <summary>The schedules of the given migrations (migrations without one are absent).</summary>
    public async Task<IReadOnlyDictionary<Guid, MigrationSchedule>> GetManyAsync(IReadOnlyCollection<Guid> migrationIds, CancellationToken ct = default)
    {
        if (migrationIds.Count == 0) return new Dictionary<Guid, MigrationSchedule>();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
            Select + " WHERE " + db.Dialect.IsAnyOf("migration_id", "@ids"), new { ids = migrationIds.Select(Id).ToArray() },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToSchedule()).ToDictionary(s => s.MigrationId);
    }

    /// <summary>Every schedule (what the Quartz triggers are reconciled with at start-up).</summary>
    public async Task<IReadOnlyList<MigrationSchedule>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(Select, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToSchedule()).ToList();
    }

    /// <summary>Removes the schedule; false when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM migration_schedules WHERE migration_id = @id",
            new { id = Id(migrationId) }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Counts the firing scheduled at <paramref name="scheduledAt"/> as a run if the schedule is active and no firing for
    /// that time (or a later one) was handled yet. One conditional UPDATE: concurrent callers cannot both claim it.
    /// </summary>
    public async Task<FiringClaim> TryClaimFiringAsync(Guid migrationId, DateTimeOffset scheduledAt, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var at = scheduledAt.ToUnixTimeMilliseconds();
        var claimed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE migration_schedules SET runs = runs + 1, last_fire_at = @at, updated_at = @now
            WHERE migration_id = @id AND enabled = TRUE AND (max_runs = 0 OR runs < max_runs) AND (last_fire_at IS NULL OR last_fire_at < @at)
            """, new { id = Id(migrationId), at, now = clock.NowMs() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
        if (claimed) return FiringClaim.Claimed;
        var schedule = await GetAsync(connection, migrationId, ct).ConfigureAwait(false);
        return schedule is { IsActive: true } ? FiringClaim.Duplicate : FiringClaim.Inactive;
    }

    /// <summary>A claimed firing started no run: the run is uncounted and the skip recorded with its reason.</summary>
    public async Task RecordSkipAsync(Guid migrationId, string reason, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE migration_schedules SET runs = CASE WHEN runs > 0 THEN runs - 1 ELSE 0 END, skipped_runs = skipped_runs + 1,
                last_skipped_at = @now, last_skip_reason = @reason, updated_at = @now
            WHERE migration_id = @id
            """, new { id = Id(migrationId), reason, now = clock.NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static async Task<MigrationSchedule?> GetAsync(DbConnection connection, Guid migrationId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(
            Select + " WHERE migration_id = @id", new { id = Id(migrationId) }, cancellationToken: ct)).ConfigureAwait(false))?.ToSchedule();

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    private static string Id(Guid id) => id.ToString("D");

    private sealed class ScheduleRow
    {
        public string MigrationId { get; set; } = "";
        public string Spec { get; set; } = "";
        public long MaxRuns { get; set; }
        public long Runs { get; set; }
        public bool Enabled { get; set; }
        public long SkippedRuns { get; set; }
        public long CreatedAt { get; set; }
        public long? LastSkippedAt { get; set; }
        public string? LastSkipReason { get; set; }

        public MigrationSchedule ToSchedule() => new()
        {
            MigrationId = Guid.Parse(MigrationId),
            Spec = Spec,
            MaxRuns = (int)MaxRuns,
            Runs = (int)Runs,
            Enabled = Enabled,
            SkippedRuns = (int)SkippedRuns,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            LastSkippedAt = LastSkippedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            LastSkipReason = LastSkipReason,
        };
    }
}
