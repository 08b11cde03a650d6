using Dapper;
using Transporter.ScaleOut.Tests.Infrastructure;

namespace Transporter.ScaleOut.Tests;

/// <summary>A worker process killed with SIGKILL half-way through a 5,000-object migration on three workers: the one
/// that also lists the run, so both its batches and its listing must be taken over by the others.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class WorkerCrashTests(ScaleOutServers servers)
{
    [Fact]
    public async Task The_listing_worker_killed_half_way_loses_no_object_and_counts_none_twice()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Many);
        var destination = await servers.NewDestinationBucketAsync();
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 3);
        await using var holders = new BatchHolders(platform.DatabaseUrl);

        var id = await platform.CreateMigrationAsync(source, destination);
        await platform.WaitForCompletedAsync(id, ScaleOutServers.Many.Count / 2);
        (string Owner, bool ListingCompleted) lister;
        await using (var db = await platform.OpenDatabaseAsync())
            lister = await db.QuerySingleAsync<(string, bool)>(
                "SELECT lister_owner, listing_completed FROM migration_runs WHERE migration_id = @id", new { id });
        var victim = platform.Workers.Single(w => w.Pid == BatchHolders.PidOf(lister.Owner));
        var spreadBeforeKill = holders.Pids;
        await victim.KillAsync();

        var finished = await platform.WaitForFinishAsync(id);

        Assert.False(lister.ListingCompleted, "the listing had ended before the kill; the test would not cover its resumption");
        Assert.True(spreadBeforeKill.Count == 3, $"batches were held by {spreadBeforeKill.Count} workers before the kill, not 3");
        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Many, destination);
        // Another worker resumed the listing from its checkpoint.
        Assert.Contains(platform.Workers.Where(w => w != victim), w => w.Output.Contains($"Listing of run", StringComparison.Ordinal));
    }
}
