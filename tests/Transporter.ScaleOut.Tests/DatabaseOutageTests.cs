using Transporter.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Transporter.ScaleOut.Tests;

/// <summary>PostgreSQL stopped for 30 s mid-migration (fast shutdown, then start): workers log it, back off, keep their
/// copies' outcomes until they can commit them, and the migration completes exactly.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class DatabaseOutageTests(ScaleOutServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_away_for_30_seconds_delays_the_migration_and_loses_nothing()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Many);
        var destination = await servers.NewDestinationBucketAsync();
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 3);
        var id = await platform.CreateMigrationAsync(source, destination);
        await platform.WaitForCompletedAsync(id, 1_500);

        var since = platform.Workers.Select(w => w.Output.Length).ToList();
        await servers.Postgres.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await servers.Postgres.StartAsync();
        }
        var finished = await platform.WaitForFinishAsync(id);

        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Many, destination);
        // Every worker noticed the outage in its log (the server ending sessions, or refusing connections) and recovered.
        foreach (var (worker, i) in platform.Workers.Select((w, i) => (w, i)))
        {
            var log = worker.Output[since[i]..];
            if (i == 0) output.WriteLine($"worker 0 from the outage on:\n{OutageLog.Excerpt(log)}");
            Assert.True(log.Contains("57P01", StringComparison.Ordinal) || log.Contains("Connection refused", StringComparison.Ordinal),
                $"worker {i} logged nothing about the database outage:\n{log}");
            Assert.Contains("works again", log);
        }
    }
}
