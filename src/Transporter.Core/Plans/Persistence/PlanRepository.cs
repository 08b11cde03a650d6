using System.Data.Common;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Core.Security;

namespace Transporter.Core.Plans.Persistence;

/// <summary>
/// Migration plans in the platform database (Dapper; the same SQL on SQLite and PostgreSQL). Status changes are
/// conditional UPDATEs naming the statuses they leave; a scan's progress is written by the holder of its scanner lease
/// only. Credentials are encrypted with <see cref="SecretProtector"/> and decrypted only by
/// <see cref="GetEndpointsAsync"/>. Split by family: .Plans (create, read, abort), .Scans (leases, checkpoints), .Rows.
/// </summary>
public sealed partial class PlanRepository(Database db, SecretProtector secrets, TimeProvider clock)
{
    /// <summary>Most errors kept per plan.</summary>
    public const int MaxErrorsPerPlan = 100;

    private readonly SchemaGate _schema = new(db, async ct =>
    {
        await SchemaMigrator.ApplyAsync(db, MigrationSchema.Component, MigrationSchema.Steps, ct).ConfigureAwait(false);
        await SchemaMigrator.ApplyAsync(db, PlanSchema.Component, PlanSchema.Steps, ct).ConfigureAwait(false);
    });

    /// <summary>Creates or upgrades the tables (the migration tables too: plans name the migrations made from them).</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    private long NowMs() => clock.NowMs();

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    private static string Id(Guid id) => id.ToString("D");

    /// <summary>"IN ('queued', 'tested')": statuses inlined (they are the contract's constants, not input).</summary>
    private static string InStatuses(IEnumerable<string> statuses) => $"IN ({string.Join(", ", statuses.Select(s => $"'{s}'"))})";

    private static string OwnerFilter(MigrationOwner owner) =>
        owner.IsRootUser ? "p.root = @root" : "p.root = @root AND p.username = @username";
}
