using System.Diagnostics;
using System.Text.RegularExpressions;
using Transporter.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Transporter.ScaleOut.Tests;

/// <summary>RabbitMQ stopped for 30 s mid-migration (rabbitmqctl stop_app, then start_app): every process notices and
/// reconnects by itself, the API still takes new migrations, and the migration completes exactly.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class BrokerOutageTests(ScaleOutServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task A_broker_away_for_30_seconds_delays_the_migration_and_loses_nothing()
    {
        var source = await servers.SourceBucketAsync(ScaleOutServers.Many);
        var small = await servers.SourceBucketAsync(ScaleOutServers.Few);
        var destination = await servers.NewDestinationBucketAsync();
        var smallDestination = await servers.NewDestinationBucketAsync();
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 3);
        var id = await platform.CreateMigrationAsync(source, destination);
        await platform.WaitForCompletedAsync(id, 1_500);

        string smallId;
        TimeSpan createTook;
        var logged = LogMarks(platform);
        await servers.RabbitMq.StopAppAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            // The API stores a migration without the broker: listers find new runs in the database.
            var clock = Stopwatch.StartNew();
            smallId = await platform.CreateMigrationAsync(small, smallDestination);
            createTook = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(25));
        }
        finally
        {
            await servers.RabbitMq.StartAppAsync();
        }
        var finished = await platform.WaitForFinishAsync(id);
        var smallFinished = await platform.WaitForFinishAsync(smallId);

        Assert.True(createTook < TimeSpan.FromSeconds(10), $"POST /migrations took {createTook} with the broker away");
        await ExactCopy.AssertAsync(platform, servers, id, finished, ScaleOutServers.Many, destination);
        await ExactCopy.AssertAsync(platform, servers, smallId, smallFinished, ScaleOutServers.Few, smallDestination);
        // Every process noticed the outage in its log.
        foreach (var (name, since) in logged)
        {
            var log = (name == "api" ? platform.Api.Output : platform.Workers[int.Parse(name[7..])].Output)[since..];
            if (name is "api" or "worker 0") output.WriteLine($"{name} from the outage on:\n{OutageLog.Excerpt(log)}");
            Assert.True(BrokerFailure().IsMatch(log), $"{name} logged nothing about the broker outage:\n{log}");
        }
    }

    /// <summary>Where each process's log stands now: the outage's lines come after.</summary>
    private static List<(string Name, int Since)> LogMarks(DistributedPlatform platform) =>
        [.. platform.Workers.Select((w, i) => ($"worker {i}", w.Output.Length)), ("api", platform.Api.Output.Length)];

    [GeneratedRegex(@"(Connection|Connect) (Failed|lost|closed|refused)|BrokerUnreachable|AlreadyClosed|RabbitMqConnectionException", RegexOptions.IgnoreCase)]
    private static partial Regex BrokerFailure();
}
