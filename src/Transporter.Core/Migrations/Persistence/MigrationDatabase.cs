using System.Data.Common;
using Transporter.Core.Persistence;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The migration tables (<see cref="MigrationSchema"/>) in the platform database, as the migration repositories share
/// them: the schema created or upgraded once, on first use by any of them, and the injected clock every stored time is
/// read from. One per process (a DI singleton; <see cref="MigrationPersistenceServices"/>).
/// </summary>
/// <remarks>
/// The repositories are cut by what their callers need: <see cref="MigrationRepository"/>, <see cref="RunRepository"/>,
/// <see cref="ListerLeaseRepository"/>, <see cref="BatchRepository"/>, <see cref="ObjectReportRepository"/>,
/// <see cref="DeletionRepository"/>, <see cref="VersionCopyRepository"/>, <see cref="WebhookDeliveryRepository"/> and
/// <see cref="UploadCheckpointRepository"/>. Dapper, the same SQL on SQLite and PostgreSQL; every state change is a
/// conditional UPDATE (<see cref="MigrationStateMachine"/>), every step that must not be half-done is one transaction.
/// A step that writes several families' tables keeps its one transaction: the SQL they share is in internal types
/// (<see cref="RunSql"/>, <see cref="BatchSql"/>, <see cref="DeletionSql"/>, <see cref="ObjectReportSql"/>,
/// <see cref="WebhookOutboxSql"/>), never a call from one repository into another mid-transaction.
/// </remarks>
public sealed class MigrationDatabase(Database db, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, MigrationSchema.Component, MigrationSchema.Steps);

    /// <summary>Creates or upgrades the tables; every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    internal Database Database => db;

    internal TimeProvider Clock => clock;

    internal SqlDialect Dialect => db.Dialect;

    internal long NowMs() => clock.NowMs();

    /// <summary>A connection to the database, the migration tables in place.</summary>
    internal Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);
}
