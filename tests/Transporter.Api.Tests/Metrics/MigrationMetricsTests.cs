using System.Net;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Api.Tests.Reports;
using Transporter.Testing;
using static Transporter.Api.Tests.Metrics.PrometheusText;

namespace Transporter.Api.Tests.Metrics;

/// <summary>/metrics counts the migrations by the state of their latest run and the copy queue (outstanding batches), as
/// the platform database holds them.</summary>
[Collection(ApiPlatformCollection.Name)]
public class MigrationMetricsTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task Migrations_by_state_and_the_copy_queue_match_the_database()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Platform.ApiUrl) };
        using var s3 = S3ClientFactory.For(fixture.Platform);
        var p = fixture.Platform;
        // One migration that completes, and one held: throttled to the lowest rate and paused with its batches outstanding.
        var source = await ApiRuns.NewBucketAsync(s3, "metrics-src", 3, _ => 100);
        var destination = await ApiRuns.NewBucketAsync(s3, "metrics-dst", 0, _ => 0);
        var done = await ApiRuns.CreateAsync(fixture.Root, new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, source),
            destination = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, destination),
        });
        Assert.Equal(2, (await ApiRuns.WaitForEndAsync(fixture.Root, done)).GetProperty("state").GetInt32());
        var heldSource = await ApiRuns.NewBucketAsync(s3, "metrics-held-src", 20, _ => 20_000);
        // The destination by another host name: within one endpoint the copies are server-side (CopyObject), which no
        // bandwidth limit paces, and the run would end at once.
        var created = await fixture.Root.PostAsync("/migrations?bandwidth-limit=1000", new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, heldSource),
            destination = ApiRuns.Endpoint(p.S3Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), p.RootAccessKey, p.RootSecretKey, destination),
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var held = created.Json.GetProperty("id").GetString()!;
        try
        {
            string heldState = "";
            await WaitUntilAsync(async () => { heldState = (await fixture.Root.GetAsync($"/state/{held}")).Json.ToString(); return await HeldBatchesAsync(held) > 0; }, "the held migration's batches are published", () => heldState);

            // The page answers from a census at most a few seconds old: read both until they agree. The queue is compared
            // while the held migration copies (a pause may hand its batch back), the states once it is paused.
            string text = "";
            Dictionary<string, double> metricStates = [], databaseStates = [];
            (double Pending, double Working) metricQueue = default, databaseQueue = default;
            async Task<bool> AgreeAsync(bool onQueue)
            {
                text = await http.GetStringAsync("/metrics");
                var families = await ParseAsync(text);
                metricStates = families.Single(f => f.Name == "transporter_migrations").Samples.ToDictionary(s => s.Labels["state"], s => s.Value);
                var queue = families.Single(f => f.Name == "transporter_copy_queue_batches").Samples.ToDictionary(s => s.Labels["status"], s => s.Value);
                metricQueue = (queue["pending"], queue["working"]);
                databaseStates = (await fixture.QueryAsync<(long State, long Count)>("""
                    SELECT r.state, COUNT(*) FROM migration_runs r
                    WHERE r.number = (SELECT MAX(x.number) FROM migration_runs x WHERE x.migration_id = r.migration_id) GROUP BY r.state
                    """)).ToDictionary(r => r.State.ToString(), r => (double)r.Count);
                var batches = (await fixture.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM copy_batches GROUP BY status"))
                    .ToDictionary(b => b.Status, b => (double)b.Count);
                databaseQueue = (batches.GetValueOrDefault("pending"), batches.GetValueOrDefault("working"));
                return onQueue
                    ? metricQueue == databaseQueue && metricQueue.Pending + metricQueue.Working >= 1
                    : Enumerable.Range(0, 11).All(state => metricStates[state.ToString()] == databaseStates.GetValueOrDefault(state.ToString()));
            }
            string Explain() => $"metrics {Show(metricStates)} {metricQueue}; database {Show(databaseStates)} {databaseQueue}";

            await WaitUntilAsync(() => AgreeAsync(onQueue: true), "the copy queue on the page agrees with the database", Explain);
            Assert.Contains("# TYPE transporter_copy_queue_objects gauge", text);

            Assert.Equal(HttpStatusCode.OK, (await fixture.Root.PostAsync($"/pause/{held}", new { paused = true })).Status);
            await WaitUntilAsync(async () => (await fixture.Root.GetAsync($"/state/{held}")).Json.GetProperty("state").GetInt32() == 5, "paused");
            await WaitUntilAsync(() => AgreeAsync(onQueue: false), "the migrations by state on the page agree with the database", Explain);

            Assert.True(metricStates["2"] >= 1 && metricStates["5"] >= 1, Show(metricStates));
            Assert.Contains("transporter_migrations{state=\"5\",state_description=\"Paused\"}", text);
            await AssertPromtoolAcceptsAsync(text);
        }
        finally
        {
            await fixture.Root.PostAsync($"/abort/{held}");
        }
    }

    private async Task<long> HeldBatchesAsync(string migrationId) =>
        (await fixture.QueryAsync<long>(
            "SELECT COUNT(*) FROM copy_batches b JOIN migration_runs r ON r.id = b.run_id WHERE r.migration_id = @id", new { id = migrationId })).Single();

    private static string Show(Dictionary<string, double> states) => string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within 60 s: {what}. {explain?.Invoke()}");
            await Task.Delay(200);
        }
    }
}
