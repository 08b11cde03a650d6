using Dapper;
using Transporter.ScaleOut.Tests.Infrastructure;

namespace Transporter.ScaleOut.Tests;

/// <summary>The API process killed with SIGKILL mid-migration and started again: the workers carry the migration on
/// without it, and the restarted API reports the finished run exactly.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ApiRestartTests(ScaleOutServers servers)
{
    [Fact]
    public async Task Killing_and_restarting_the_api_mid_migration_changes_nothing_in_the_outcome()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Many);
        var destination = await servers.NewDestinationBucketAsync();
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 3);
        var id = await platform.CreateMigrationAsync(source, destination);
        await platform.WaitForCompletedAsync(id, 1_500);

        await platform.Api.KillAsync();
        var whileDown = await CompletedAsync(platform, id);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var progressWithoutApi = await CompletedAsync(platform, id) - whileDown;
        await platform.Api.RestartAsync();
        var finished = await platform.WaitForFinishAsync(id);

        Assert.True(progressWithoutApi > 0, "the workers copied nothing while the API was down");
        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Many, destination);
    }

    private static async Task<long> CompletedAsync(DistributedPlatform platform, string id)
    {
        await using var db = await platform.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("SELECT files_completed FROM migration_runs WHERE migration_id = @id", new { id });
    }
}
