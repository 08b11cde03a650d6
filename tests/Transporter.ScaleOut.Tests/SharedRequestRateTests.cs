using Transporter.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Transporter.ScaleOut.Tests;

/// <summary>
/// Adaptive request rates across worker processes: two workers copy 5,000 objects into a bucket of the built-in store
/// limited to 200 requests/s (answers past it are 503 SlowDown). The workers share each endpoint's allowed rate through
/// PostgreSQL, so both back off together: the run completes with every object exact, none failed, and throttled answers
/// a small fraction of the writes.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SharedRequestRateTests(ScaleOutServers servers, ITestOutputHelper output)
{
    private const int Limit = 200;

    [Fact]
    public async Task Two_workers_copy_into_a_rate_limited_bucket_with_no_failure_and_few_throttled_answers()
    {
        var dataset = ScaleOutServers.Many;
        var source = await servers.SourceBucketAsync(dataset);
        var destination = await servers.NewDestinationBucketAsync();
        await servers.Destination.SetRequestRateLimitAsync(ScaleOutServers.DestinationAdminToken, destination, Limit);
        await using var platform = await DistributedPlatform.StartAsync(servers, workers: 2);
        await using var holders = new BatchHolders(platform.DatabaseUrl);

        var started = DateTime.UtcNow;
        var id = await platform.CreateMigrationAsync(source, destination);
        var finished = await platform.WaitForFinishAsync(id, seconds: 300);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;

        await ExactCopy.AssertAsync(platform, servers, id, finished, dataset, destination);
        var throttled = finished.GetProperty("throttledRequests").GetInt64();
        output.WriteLine($"{dataset.Count} objects into a bucket limited to {Limit} requests/s by 2 workers in {seconds:F1} s " +
            $"({dataset.Count / seconds:F0} objects/s), {throttled} throttled answers; workers seen copying: {holders.Pids.Count}");
        // The limit was reached (the workers were throttled), and backing off kept refusals under 5 % of the writes.
        Assert.InRange(throttled, 1, dataset.Count / 20);
        // Not faster than the limit allows (one PUT per object), and not crawling either.
        Assert.InRange(seconds, dataset.Count / (double)Limit * 0.8, dataset.Count / (double)Limit * 6);
        Assert.Equal(2, holders.Pids.Count);
    }
}
