using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>
/// Tests of the migration repositories over a fresh database (<see cref="RepositoryTestContext"/>): each abstract class of
/// tests, named after the repository it tests, runs on SQLite and on PostgreSQL through its two subclasses.
/// </summary>
public abstract class RepositoryTests : IAsyncLifetime
{
    protected RepositoryTestContext Ctx { get; private set; } = null!;

    protected MigrationRepository Migrations => Ctx.Migrations;
    protected RunRepository Runs => Ctx.Runs;
    protected ListerLeaseRepository Leases => Ctx.Leases;
    protected BatchRepository Batches => Ctx.Batches;
    protected ObjectReportRepository Reports => Ctx.Reports;
    protected DeletionRepository Deletions => Ctx.Deletions;
    protected WebhookDeliveryRepository Webhooks => Ctx.Webhooks;
    protected UploadCheckpointRepository Uploads => Ctx.Uploads;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => Ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await Ctx.DisposeAsync();

    /// <summary>A migration with <paramref name="controls"/> and its first run, Queued.</summary>
    protected async Task<(Migration Migration, MigrationRun Run)> CreateAsync(MigrationControls controls, IReadOnlyList<string>? webhookSecrets = null,
        string kind = MigrationKind.Migration)
    {
        var migration = RepositoryTestContext.NewMigration(kind: kind) with { Controls = controls };
        var endpoints = new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")) { WebhookSecrets = webhookSecrets };
        var run = (await Migrations.CreateAsync(migration, endpoints, startNow: true))!;
        return (migration, run);
    }}
