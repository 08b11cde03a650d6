using Microsoft.Extensions.Logging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Creates migrations and starts runs: the one way a run begins, used by the API (POST /migrations, /sync) and by
/// schedules (a Quartz job calls <see cref="StartNewRunAsync"/>). A run starts Queued and a StartMigrationRun message
/// wakes a lister.
/// </summary>
public sealed class RunLauncher(MigrationRepository migrations, RunRepository runs, BatchPublisher publisher, ILogger<RunLauncher> logger)
{
    /// <summary>Stores the migration and, unless it has a crontab (its schedule starts it), its first run.</summary>
    public async Task<MigrationRun?> CreateAsync(Migration migration, EndpointPair endpoints, CancellationToken ct)
    {
        var startNow = migration.Crontab is null;
        var since = startNow ? await SinceAsync(migration, ct).ConfigureAwait(false) : null;
        var run = await migrations.CreateAsync(migration, endpoints, startNow, since, ct).ConfigureAwait(false);
        logger.LogInformation("Migration {MigrationId} ({Kind}) created for root {Root}", migration.Id, migration.Kind, migration.Root);
        if (run is not null) await publisher.StartRunAsync(migration.Id, run.Id, ct).ConfigureAwait(false);
        return run;
    }

    /// <summary>A new run of an existing migration (a schedule firing). Null when the migration is unknown, paused, or
    /// its latest run is still going: a migration never overlaps itself.</summary>
    public async Task<MigrationRun?> StartNewRunAsync(Guid migrationId, CancellationToken ct)
    {
        var migration = await migrations.GetAsync(migrationId, ct).ConfigureAwait(false);
        if (migration is null || migration.Paused) return null;
        var owner = new MigrationOwner(migration.Root, migration.UserName, IsRootUser: true);
        var latest = (await migrations.GetOwnedAsync(migrationId, owner, ct).ConfigureAwait(false))?.LatestRun;
        if (latest is not null && !latest.State.IsFinished()) return null;
        var run = await runs.CreateRunAsync(migrationId, await SinceAsync(migration, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        await publisher.StartRunAsync(migrationId, run.Id, ct).ConfigureAwait(false);
        return run;
    }

    /// <summary>Where a by-time sync starts: the start of the previous successful run of the migration, else of the
    /// migration it was created from; null (copy everything) when there is none. Plans made from a migration count from
    /// there too.</summary>
    public async Task<DateTimeOffset?> SinceAsync(Migration migration, CancellationToken ct)
    {
        if (migration.Kind != MigrationKind.Sync || migration.SyncMode != SyncMode.ByTime) return null;
        return await runs.GetLastSuccessfulStartAsync(migration.Id, ct).ConfigureAwait(false)
            ?? (migration.ParentId is { } parent ? await runs.GetLastSuccessfulStartAsync(parent, ct).ConfigureAwait(false) : null);
    }
}
