using System.Net;
using Transporter.Core.Migrations;
using Transporter.Testing;
using Transporter.Worker.Tests.Copying;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// Adaptive request rates against a real throttling peer: the built-in store with a per-bucket request-rate limit set
/// through its admin API answers 503 SlowDown past it, and a whole run over real SQLite copies 5,000 objects into such a
/// bucket with no failed object, the workers backing off (AIMD) so throttled answers stay a small fraction of requests.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class RequestRateEngineTests(StoresFixture stores) : IAsyncLifetime
{
    private const int Objects = 5000;
    private const int Limit = 200;

    private EngineHost _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("request-rate"));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_bucket_past_its_request_rate_limit_answers_503_SlowDown_and_below_it_as_usual()
    {
        var (_, endpoint) = await stores.NewBucketAsync(stores.Second);
        await stores.SetRequestRateLimitAsync(endpoint.Bucket!, 10);
        using var http = new HttpClient();

        // Unsigned requests: the limit is applied before authentication, so those it admits get 403 AccessDenied.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await http.GetAsync($"{stores.Second.S3Url}/{endpoint.Bucket}");
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        var refused = answers.Where(a => a.Item1 == 503).ToList();
        Assert.InRange(refused.Count, 20, 30);
        Assert.All(refused, a => Assert.Contains("<Code>SlowDown</Code>", a.Item2, StringComparison.Ordinal));
        Assert.All(answers.Where(a => a.Item1 != 503), a => Assert.Equal((int)HttpStatusCode.Forbidden, a.Item1));

        await stores.SetRequestRateLimitAsync(endpoint.Bucket!, 0);
        var unlimited = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await http.GetAsync($"{stores.Second.S3Url}/{endpoint.Bucket}");
            return (int)response.StatusCode;
        }));
        Assert.All(unlimited, status => Assert.Equal((int)HttpStatusCode.Forbidden, status));
    }

    [Fact]
    public async Task Five_thousand_objects_into_a_rate_limited_bucket_arrive_with_no_failure_and_few_throttled_answers()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var keys = Enumerable.Range(0, Objects).Select(i => $"k/{i:D5}").ToList();
        await EngineFixture.PutAsync(source, keys, size: 256);
        await stores.SetRequestRateLimitAsync(destinationEndpoint.Bucket!, Limit);

        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint);
        var started = DateTime.UtcNow;
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var done = await _engine.WaitForFinishAsync(run.Id, seconds: 600);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;

        Assert.Equal(MigrationState.Completed, done.State);
        Assert.Equal(((long)Objects, (long)Objects, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed));
        var copied = await EngineFixture.ListAsync(destination);
        Assert.Equal(keys, copied.Select(o => o.Key));
        // The limit was reached (the workers were throttled and backed off) but throttled answers stayed few: under 5 % of
        // the 5,000 writes the bucket was sent at least.
        Assert.InRange(done.ThrottledRequests, 1, Objects / 20);
        // No faster than the limit allows (one PUT per object), and not crawling either.
        Assert.InRange(seconds, Objects / (double)Limit * 0.8, Objects / (double)Limit * 6);
        Console.WriteLine($"request-rate: {Objects} objects into a bucket limited to {Limit} requests/s in {seconds:F1} s " +
            $"({Objects / seconds:F0} objects/s), {done.ThrottledRequests} throttled answers, rate now {done.RequestRate?.ToString("F1") ?? "unlimited"}");
        Assert.Equal(256, (await destination.StatAsync("k/04999", CancellationToken.None))!.Size);
    }
}
