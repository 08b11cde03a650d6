using Transporter.Api.Scheduling.Persistence;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Scheduling;

/// <summary>
/// What one firing of a migration's schedule does: count it (once, and never past maxRuns), then start a new run
/// through <see cref="RunLauncher.StartNewRunAsync"/>, which a sync turns into a copy of what changed. A firing while
/// the previous run is still going (or the migration is paused) starts nothing: it is uncounted and recorded as
/// skipped, on the schedule and in the going run's errors. A schedule that reached maxRuns loses its triggers.
/// </summary>
public sealed class ScheduleFiring(
    ScheduleRepository schedules,
    ScheduleTriggers triggers,
    MigrationRepository migrations,
    RunRepository runs,
    RunLauncher launcher,
    TimeProvider clock,
    ILogger<ScheduleFiring> logger)
{
    /// <summary>A schedule whose migration is still missing this long after it was written is an orphan (its creator
    /// died between the two writes) and is removed.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(1);

    public async Task FireAsync(Guid migrationId, DateTimeOffset scheduledAt, CancellationToken ct)
    {
        switch (await schedules.TryClaimFiringAsync(migrationId, scheduledAt, ct).ConfigureAwait(false))
        {
            case FiringClaim.Duplicate:
                return;
            case FiringClaim.Inactive:
                // Disabled, deleted or exhausted meanwhile (another replica may have changed it).
                await triggers.RemoveAsync(migrationId, ct).ConfigureAwait(false);
                return;
        }

        var run = await launcher.StartNewRunAsync(migrationId, ct).ConfigureAwait(false);
        if (run is not null)
        {
            logger.LogInformation("Schedule of migration {MigrationId} started run {Number}", migrationId, run.Number);
            if (await schedules.GetAsync(migrationId, ct).ConfigureAwait(false) is { IsActive: false })
                await triggers.RemoveAsync(migrationId, ct).ConfigureAwait(false);
            return;
        }
        await SkipAsync(migrationId, scheduledAt, ct).ConfigureAwait(false);
    }

    /// <summary>The claimed firing started no run: finds out why and records it.</summary>
    private async Task SkipAsync(Guid migrationId, DateTimeOffset scheduledAt, CancellationToken ct)
    {
        var migration = await migrations.GetAsync(migrationId, ct).ConfigureAwait(false);
        if (migration is null)
        {
            var schedule = await schedules.GetAsync(migrationId, ct).ConfigureAwait(false);
            if (schedule is null || clock.GetUtcNow() - schedule.CreatedAt > OrphanAge)
            {
                logger.LogWarning("Removing the schedule of migration {MigrationId}, which does not exist", migrationId);
                await schedules.DeleteAsync(migrationId, ct).ConfigureAwait(false);
                await triggers.RemoveAsync(migrationId, ct).ConfigureAwait(false);
                return;
            }
            await schedules.RecordSkipAsync(migrationId, "the migration was not stored yet", ct).ConfigureAwait(false);
            return;
        }
        var owner = new MigrationOwner(migration.Root, migration.UserName, IsRootUser: true);
        var latest = (await migrations.GetOwnedAsync(migrationId, owner, ct).ConfigureAwait(false))?.LatestRun;
        var at = UtcTimestamp.ToText(scheduledAt);
        string reason;
        if (migration.Paused) reason = "the migration is paused";
        else if (latest is not null && !latest.State.IsFinished())
        {
            reason = $"run {latest.Number} was still {latest.State.Description()}";
            await runs.AddErrorAsync(latest.Id, $"scheduled run of {at} skipped: this run was still going", ct).ConfigureAwait(false);
        }
        // The previous run ended between the launcher's check and now: the next firing starts one.
        else reason = "the previous run was ending";
        logger.LogInformation("Scheduled run of {At} of migration {MigrationId} skipped: {Reason}", at, migrationId, reason);
        await schedules.RecordSkipAsync(migrationId, $"scheduled run of {at} skipped: {reason}", ct).ConfigureAwait(false);
    }
}
