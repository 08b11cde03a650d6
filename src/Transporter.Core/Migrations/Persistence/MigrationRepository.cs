using System.Data.Common;
using Transporter.Core.Persistence;
using Transporter.Core.Security;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Migrations, runs, copy batches and object reports in the platform database (Dapper; the same SQL on SQLite and
/// PostgreSQL). Every state change is a conditional UPDATE (<see cref="MigrationStateMachine"/>); every step that must
/// not be half-done is one transaction. Credentials are encrypted with <see cref="SecretProtector"/> and decrypted
/// only by <see cref="GetEndpointsAsync"/>. Split by family: .Migrations, .Runs, .Leases, .Batches, .Commit, .Retry,
/// .Rows.
/// </summary>
public sealed partial class MigrationRepository(Database db, SecretProtector secrets, TimeProvider clock)
{
    /// <summary>Most errors kept per run for GET /state (the report rows hold every object's error).</summary>
    public const int MaxErrorsPerRun = 100;

    private readonly SchemaGate _schema = new(db, MigrationSchema.Component, MigrationSchema.Steps);

    /// <summary>Creates or upgrades the tables; every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    private long NowMs() => clock.NowMs();

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    private static string Id(Guid id) => id.ToString("D");

    /// <summary>"IN (9, 10, 0)": the states inlined as numbers (they are the contract's constants, not input).</summary>
    private static string InStates(IEnumerable<MigrationState> states) => $"IN ({string.Join(", ", states.Select(s => (int)s))})";

    private SqlDialect Dialect => db.Dialect;
}
