using Dapper;
using Transporter.Core.Migrations;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>
/// Two API replicas on one PostgreSQL database: their Quartz schedulers join one cluster on the platform database, and a
/// schedule due every minute fires on one replica only, so its migration gets one run per firing. Waits for a real
/// minute boundary.
/// </summary>
public sealed class ClusteredScheduleTests
{
    [Fact]
    public async Task Two_replicas_form_one_Quartz_cluster_and_a_firing_starts_one_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("clustered");
        await using var first = await ScheduleHost.StartAsync(Testing.RepoPaths.NewTempDir("replica-1"), database.ConnectionString);
        await using var second = await ScheduleHost.StartAsync(Testing.RepoPaths.NewTempDir("replica-2"), database.ConnectionString);
        var migration = await first.CreateMigrationAsync(new CrontabConfig { Spec = "* * * * *" });

        var deadline = DateTime.UtcNow.AddSeconds(75);
        while ((await second.RunsAsync(migration.Id)).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        // Both replicas had the firing in reach; a second run (or a skip) would show within seconds.
        await Task.Delay(TimeSpan.FromSeconds(5));

        var run = Assert.Single(await second.RunsAsync(migration.Id));
        var schedule = (await first.Schedules.GetAsync(migration.Id))!;
        Assert.Equal(MigrationState.Queued, run.State);
        Assert.Equal((1, 0), (schedule.Runs, schedule.SkippedRuns));
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        var nodes = (await connection.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = 'transporter'")).ToList();
        Assert.Equal(2, nodes.Distinct().Count());
    }
}
