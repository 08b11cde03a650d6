using System.Globalization;
using System.Net;
using System.Text.Json;
using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Controls;

/// <summary>Filters on migrations, syncs and plans through the API: only the selected objects are listed, counted and
/// copied, and a migration made from a plan copies what the plan counted.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FilterScenarioTests(PlatformUnderTest env)
{
    private static readonly object Filters = new
    {
        include = new[] { "/keep/**" },
        exclude = new[] { "*.tmp" },
        minSize = 1,
        maxSize = 1000,
    };

    /// <summary>keep/a.jpg and keep/sub/d.png pass <see cref="Filters"/>; the others fail one rule each.</summary>
    private async Task<string> SourceAsync()
    {
        var source = await Buckets.CreateAsync(env.Local, "filter-src");
        await Buckets.PutManyAsync(env.Local, source, [
            ("keep/a.jpg", Buckets.Content(100, 1)),
            ("keep/big.jpg", Buckets.Content(5000, 2)),
            ("keep/c.tmp", Buckets.Content(100, 3)),
            ("keep/empty.jpg", []),
            ("keep/sub/d.png", Buckets.Content(200, 4)),
            ("other/e.jpg", Buckets.Content(100, 5)),
        ]);
        return source;
    }

    private async Task<string[]> KeysAsync(string bucket) => (await Buckets.ListAsync(env.Remote, bucket)).Select(o => o.Key).ToArray();

    [Fact]
    public async Task A_migration_counts_and_copies_only_what_its_filters_select()
    {
        var source = await SourceAsync();
        var destination = await Buckets.CreateAsync(env.Remote, "filter-dst");

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            filters = Filters,
        });
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 2L, 2L, 300L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("bytesTransmitted")));
        Assert.Equal(["keep/a.jpg", "keep/sub/d.png"], await KeysAsync(destination));
        var listed = (await env.Api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("""{"include":["/keep/**"],"exclude":["*.tmp"],"minSize":1,"maxSize":1000}""", listed.GetProperty("filters").GetRawText());
    }

    [Fact]
    public async Task A_sync_with_a_time_filter_copies_only_objects_modified_since()
    {
        var source = await Buckets.CreateAsync(env.Local, "filter-time-src");
        var destination = await Buckets.CreateAsync(env.Remote, "filter-time-dst");
        await Buckets.PutAsync(env.Local, source, "old.txt", Buckets.Content(10, 1));
        // Listings show whole seconds: the threshold is a second boundary at least a second after the old write.
        var now = DateTimeOffset.UtcNow;
        var threshold = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(2);
        await Task.Delay(threshold - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        await Buckets.PutAsync(env.Local, source, "new.txt", Buckets.Content(10, 2));

        var id = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            filters = new { modifiedAfter = threshold.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        }, path: "/sync");
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 1L, 1L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted")));
        Assert.Equal(["new.txt"], await KeysAsync(destination));
    }

    [Fact]
    public async Task A_plan_counts_what_its_filters_select_and_the_migration_made_from_it_copies_the_same()
    {
        var source = await SourceAsync();
        var destination = await Buckets.CreateAsync(env.Remote, "filter-plan-dst");

        var planId = await CreatePlanAsync(new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            filters = Filters,
        });
        var plan = await WaitPlanEndedAsync(planId);
        var fromPlan = await env.Api.PostAsync($"/migration-from-plan/{planId}");
        Assert.Equal(HttpStatusCode.OK, fromPlan.Status);
        var migrationId = fromPlan.Json.GetProperty("id").GetString()!;
        var done = await MigrationApi.WaitForFinishAsync(env.Api, migrationId);
        // A plan made from that migration carries its filters again.
        var again = await WaitPlanEndedAsync(await CreatePlanAsync(null, $"/plans/{migrationId}"));

        Assert.Equal((300L, 2L), (plan.GetProperty("totSize").GetInt64(), plan.GetProperty("totObjects").GetInt64()));
        Assert.Equal("""["/keep/**"]""", plan.GetProperty("config").GetProperty("filters").GetProperty("include").GetRawText());
        Assert.Equal((2L, 2L), (done.Long("filesFound"), done.Long("filesCompleted")));
        Assert.Equal(["keep/a.jpg", "keep/sub/d.png"], await KeysAsync(destination));
        Assert.Equal(plan.GetProperty("config").GetProperty("filters").GetRawText(), again.GetProperty("config").GetProperty("filters").GetRawText());
    }

    private async Task<string> CreatePlanAsync(object? body, string path = "/plans")
    {
        var response = await env.Api.PostAsync(path, body);
        Assert.True(response.Status == HttpStatusCode.OK, $"POST {path}: {response}");
        return response.Json.GetProperty("planID").GetString()!;
    }

    private async Task<JsonElement> WaitPlanEndedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var plan = (await env.Api.GetAsync($"/plans/{id}")).Json;
            if (plan.GetProperty("status").GetString() is "ended" or "aborted" or "failed") return plan;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"plan {id} did not end: {plan}");
            await Task.Delay(100);
        }
    }
}
