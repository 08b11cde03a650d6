using System.Data.Common;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;

namespace Transporter.Core.Plans.Persistence;

/// <summary>
/// The plan tables (<see cref="PlanSchema"/>, after the migration tables: plans name the migrations made from them) in
/// the platform database, as the plan repositories share them: the schema applied once, on first use by either, and
/// the injected clock. One per process (a DI singleton). <see cref="PlanRepository"/> creates and reads plans;
/// <see cref="PlanScanRepository"/> is what scanners write (leases, checkpoints, the end). Status changes are
/// conditional UPDATEs naming the statuses they leave; a scan's progress is written by the holder of its scanner lease
/// only.
/// </summary>
public sealed class PlanDatabase(Database db, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, async ct =>
    {
        await SchemaMigrator.ApplyAsync(db, MigrationSchema.Component, MigrationSchema.Steps, ct).ConfigureAwait(false);
        await SchemaMigrator.ApplyAsync(db, PlanSchema.Component, PlanSchema.Steps, ct).ConfigureAwait(false);
    });

    /// <summary>Creates or upgrades the tables (the migration tables too); every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    internal Database Database => db;

    internal TimeProvider Clock => clock;

    internal long NowMs() => clock.NowMs();

    /// <summary>A connection to the database, the plan tables in place.</summary>
    internal Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);
}
