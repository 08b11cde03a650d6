using Dapper;
using Transporter.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Transporter.ScaleOut.Tests;

/// <summary>One migration's bandwidth limit held by three worker processes together: the aggregate rate over the
/// whole run (longer than 30 s) stays within 5% of the limit, while every worker copies.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SharedBandwidthTests(ScaleOutServers servers, ITestOutputHelper output)
{
    /// <summary>525 objects of 64 KiB (6 batches): 34.4 MB, about 34 s at 1 MB/s. Large enough that the work per object
    /// (requests, checksums, report rows) leaves the workers far more able than the limit, even on two busy cores.</summary>
    public static readonly Dataset Sized = new("sized/", 525, _ => 64 * 1024);

    private const long Limit = 1_000_000;

    [Fact]
    public async Task Three_workers_together_copy_at_the_migrations_limit()
    {
        var source = await servers.SourceBucketAsync(Sized);
        var destination = await servers.NewDestinationBucketAsync();
        // Few objects in flight per worker, so each worker's share shows in the rate, not just its queue.
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 3,
            new Dictionary<string, string> { ["TRANSPORTER_COPY_CONCURRENCY"] = "4" });
        await using var holders = new BatchHolders(platform.DatabaseUrl);

        var id = await platform.CreateMigrationAsync(source, destination, bandwidthLimit: Limit);
        var finished = await platform.WaitForFinishAsync(id, seconds: 180);

        await ExactCopy.AssertAsync(platform, servers, id, finished, Sized, destination);
        await using var db = await platform.OpenDatabaseAsync();
        var (first, last, bytes) = await db.QuerySingleAsync<(long First, long Last, long Bytes)>(
            "SELECT MIN(start_time), MAX(finish_time), SUM(bytes_copied)::BIGINT FROM object_reports WHERE migration_id = @id", new { id });
        var seconds = (last - first) / 1000.0;
        var rate = bytes / seconds;
        output.WriteLine($"{bytes} bytes in {seconds:0.00} s: {rate:0} B/s, {rate / Limit:P1} of the limit; workers seen copying: {holders.Pids.Count}");
        Assert.True(seconds >= 30, $"the run took {seconds:0.0} s, under the 30 s the measure needs");
        Assert.InRange(rate, Limit * 0.95, Limit * 1.05);
        Assert.Equal(3, holders.Pids.Count);
    }
}
