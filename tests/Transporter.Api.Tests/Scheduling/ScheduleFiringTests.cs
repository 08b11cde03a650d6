using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Testing;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>
/// What a firing does, driven directly (the specs used never come due during a test, so Quartz fires nothing on its
/// own) against the real SQLite database and Quartz job store of an API process: runs started and counted, maxRuns
/// ending the schedule, overlapping firings skipped and recorded, duplicates and orphans.
/// </summary>
public sealed class ScheduleFiringTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T1 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ScheduleHost _host = null!;

    public async Task InitializeAsync() => _host = await ScheduleHost.StartAsync(RepoPaths.NewTempDir("schedule-firing"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<bool> HasJobAsync(Guid migrationId)
    {
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
        return await scheduler.Exists(ScheduleTriggers.JobKeyOf(migrationId), CancellationToken.None);
    }

    [Fact]
    public async Task Each_firing_starts_a_counted_run_until_maxRuns_then_the_schedule_loses_its_triggers()
    {
        var migration = await _host.CreateMigrationAsync(new CrontabConfig { Spec = "@yearly", MaxRuns = 2 });
        Assert.Empty(await _host.RunsAsync(migration.Id));
        Assert.True(await HasJobAsync(migration.Id));

        await _host.Firing.FireAsync(migration.Id, T1, CancellationToken.None);
        await _host.Firing.FireAsync(migration.Id, T1, CancellationToken.None);
        var first = Assert.Single(await _host.RunsAsync(migration.Id));
        Assert.Equal(1, (await _host.Schedules.GetAsync(migration.Id))!.Runs);
        Assert.Equal(0, (await _host.Schedules.GetAsync(migration.Id))!.SkippedRuns);
        Assert.True(await _host.Runs.AbortAsync(first.Id));

        await _host.Firing.FireAsync(migration.Id, T1.AddYears(1), CancellationToken.None);
        var runs = await _host.RunsAsync(migration.Id);
        Assert.Equal([1, 2], runs.Select(r => r.Number));
        Assert.Equal(MigrationState.Queued, runs[1].State);
        var schedule = (await _host.Schedules.GetAsync(migration.Id))!;
        Assert.Equal((2, false), (schedule.Runs, schedule.IsActive));
        Assert.False(await HasJobAsync(migration.Id));

        Assert.True(await _host.Runs.AbortAsync(runs[1].Id));
        await _host.Firing.FireAsync(migration.Id, T1.AddYears(2), CancellationToken.None);
        Assert.Equal(2, (await _host.RunsAsync(migration.Id)).Count);
    }

    [Fact]
    public async Task A_firing_while_the_previous_run_is_going_is_skipped_uncounted_and_recorded_on_the_run()
    {
        var migration = await _host.CreateMigrationAsync();
        await _host.MigrationSchedules.SetAsync(migration.Id, "@yearly", maxRuns: 0, runs: null, enabled: true, CancellationToken.None);

        await _host.Firing.FireAsync(migration.Id, T1, CancellationToken.None);

        var run = Assert.Single(await _host.RunsAsync(migration.Id));
        var schedule = (await _host.Schedules.GetAsync(migration.Id))!;
        Assert.Equal((0, 1), (schedule.Runs, schedule.SkippedRuns));
        Assert.Equal("scheduled run of 2030-01-01T00:00:00Z skipped: run 1 was still Queued", schedule.LastSkipReason);
        Assert.NotNull(schedule.LastSkippedAt);
        Assert.Equal(["scheduled run of 2030-01-01T00:00:00Z skipped: this run was still going"], await _host.Runs.GetErrorsAsync(run.Id));
        Assert.True(await HasJobAsync(migration.Id));
    }

    [Fact]
    public async Task A_paused_migration_starts_no_scheduled_run()
    {
        var migration = await _host.CreateMigrationAsync(new CrontabConfig { Spec = "@yearly" });
        await _host.Migrations.SetPausedAsync(migration.Id, paused: true);

        await _host.Firing.FireAsync(migration.Id, T1, CancellationToken.None);

        Assert.Empty(await _host.RunsAsync(migration.Id));
        Assert.EndsWith("skipped: the migration is paused", (await _host.Schedules.GetAsync(migration.Id))!.LastSkipReason);
    }

    [Fact]
    public async Task A_schedule_whose_migration_never_got_stored_is_removed_once_old_enough()
    {
        var orphan = Guid.NewGuid();
        await _host.MigrationSchedules.SetAsync(orphan, "@yearly", maxRuns: 0, runs: null, enabled: true, CancellationToken.None);

        await _host.Firing.FireAsync(orphan, T1, CancellationToken.None);
        Assert.Equal(1, (await _host.Schedules.GetAsync(orphan))!.SkippedRuns);

        await using (var connection = await _host.Services.GetRequiredService<Core.Persistence.Database>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE migration_schedules SET created_at = created_at - 120000");
        await _host.Firing.FireAsync(orphan, T1.AddYears(1), CancellationToken.None);

        Assert.Null(await _host.Schedules.GetAsync(orphan));
        Assert.False(await HasJobAsync(orphan));
    }

    [Fact]
    public async Task The_reconciler_adds_missing_triggers_drops_stray_ones_and_leaves_right_ones_alone()
    {
        var missing = await _host.CreateMigrationAsync(new CrontabConfig { Spec = "0 6 * * *" });
        var stray = await _host.CreateMigrationAsync(new CrontabConfig { Spec = "@weekly" });
        var right = await _host.CreateMigrationAsync(new CrontabConfig { Spec = "@monthly" });
        await _host.Triggers.RemoveAsync(missing.Id, CancellationToken.None);
        await _host.Schedules.DeleteAsync(stray.Id);
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
        var before = await scheduler.GetTrigger(new TriggerKey($"{right.Id:D}/0", ScheduleTriggers.Group), CancellationToken.None);

        await _host.Services.GetRequiredService<IEnumerable<IHostedService>>().OfType<ScheduleReconciler>().Single().ReconcileAsync(CancellationToken.None);

        Assert.True(await HasJobAsync(missing.Id));
        Assert.False(await HasJobAsync(stray.Id));
        var after = await scheduler.GetTrigger(new TriggerKey($"{right.Id:D}/0", ScheduleTriggers.Group), CancellationToken.None);
        Assert.Equal(before!.StartTimeUtc, after!.StartTimeUtc);
        var next = await _host.Triggers.NextFireTimesAsync([missing.Id], CancellationToken.None);
        Assert.Equal(6, next[missing.Id].Hour);
        Assert.Equal(0, next[missing.Id].Minute);
    }
}
