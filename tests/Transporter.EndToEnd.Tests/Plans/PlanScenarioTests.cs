using System.Net;
using System.Text.Json;
using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Plans;

/// <summary>
/// Plans against the running platform: a bucket with one object on each bin boundary gives the exact distribution;
/// a migration made from a plan copies everything the plan counted, a sync made from a sync plan copies exactly what
/// the plan said the destination lacked, and both are listed as the plan's associated migrations.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlanScenarioTests(PlatformUnderTest env)
{
    /// <summary>Sizes on both edges of the first nine bins (objects of 100 MB and more are left to the unit tests).</summary>
    private static readonly long[] BoundarySizes =
        [0, 10, 11, 100, 101, 1_000, 1_001, 5_000, 5_001, 10_000, 10_001, 100_000, 100_001, 1_000_000, 1_000_001, 10_000_000, 10_000_001];

    private static async Task<string> CreatePlanAsync(TransporterApiClient api, object body)
    {
        var response = await api.PostAsync("/plans", body);
        Assert.True(response.Status == HttpStatusCode.OK, $"POST /plans: {response}");
        return response.Json.GetProperty("planID").GetString()!;
    }

    private static async Task<JsonElement> WaitEndedAsync(TransporterApiClient api, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var plan = (await api.GetAsync($"/plans/{id}")).Json;
            if (plan.GetProperty("status").GetString() is "ended" or "aborted" or "failed") return plan;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"plan {id} did not end: {plan}");
            await Task.Delay(100);
        }
    }

    private static long[] Bins(JsonElement plan) => plan.GetProperty("distribution").EnumerateArray().Select(b => b.GetProperty("value").GetInt64()).ToArray();

    [Fact]
    public async Task A_bucket_with_objects_on_each_bin_boundary_gives_the_exact_distribution()
    {
        var source = await Buckets.CreateAsync(env.Local, "bins-src");
        var destination = await Buckets.CreateAsync(env.Remote, "bins-dst");
        await Buckets.PutManyAsync(env.Local, source, BoundarySizes.Select(size => ($"size-{size:D9}", new byte[size])));

        var plan = await WaitEndedAsync(env.Api, await CreatePlanAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
        }));

        Assert.Equal("ended", plan.GetProperty("status").GetString());
        Assert.Equal(BoundarySizes.Length, plan.GetProperty("totObjects").GetInt64());
        Assert.Equal(BoundarySizes.Sum(), plan.GetProperty("totSize").GetInt64());
        Assert.Equal([2L, 2, 2, 2, 2, 2, 2, 2, 1, 0, 0, 0], Bins(plan));
        Assert.Empty(plan.GetProperty("errors").EnumerateArray());
        // The preflight's probe object did not stay at the destination.
        Assert.Empty(await Buckets.ListAsync(env.Remote, destination));
    }

    [Fact]
    public async Task A_migration_from_a_plan_copies_what_the_plan_counted_and_is_associated_with_it()
    {
        var source = await Buckets.CreateAsync(env.Local, "from-plan-src");
        var destination = await Buckets.CreateAsync(env.Remote, "from-plan-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 40).Select(i => ($"obj-{i:D3}", Buckets.Content(1000 + i, i))));
        var planId = await CreatePlanAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            skipVerify = true,
        });
        var plan = await WaitEndedAsync(env.Api, planId);

        var created = await env.Api.PostAsync($"/migration-from-plan/{planId}", new { enableStatistics = true });
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        var id = created.Json.GetProperty("id").GetString()!;
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, plan.GetProperty("totObjects").GetInt64()), (done.State(), done.Long("filesCompleted")));
        Assert.Equal(plan.GetProperty("totSize").GetInt64(), done.Long("bytesTransmitted"));
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag),
            (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, o => o.ETag));
        var associated = (await env.Api.GetAsync($"/plans/{planId}")).Json.GetProperty("associatedMigrationsIDs");
        Assert.Equal([(id, "default")], associated.EnumerateArray().Select(a => (a.GetProperty("id").GetString(), a.GetProperty("root").GetString())));
        Assert.True((await ListedAsync(env.Api, id)).GetProperty("skipVerify").GetBoolean());
    }

    [Fact]
    public async Task A_sync_from_a_sync_plan_copies_exactly_what_the_plan_said_the_destination_lacked()
    {
        var source = await Buckets.CreateAsync(env.Local, "sync-plan-src");
        var destination = await Buckets.CreateAsync(env.Remote, "sync-plan-dst");
        var objects = Enumerable.Range(0, 30).Select(i => ($"obj-{i:D3}", Buckets.Content(2000, i))).ToList();
        await Buckets.PutManyAsync(env.Local, source, objects);
        // The destination already holds the first 12 as they are, and 3 more with other content of another size.
        await Buckets.PutManyAsync(env.Remote, destination, objects.Take(12));
        await Buckets.PutManyAsync(env.Remote, destination, objects.Skip(12).Take(3).Select(o => (o.Item1, Buckets.Content(10, 99))));
        var planId = await CreatePlanAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, destination),
            sync = true,
        });
        var plan = await WaitEndedAsync(env.Api, planId);

        var created = await env.Api.PostAsync($"/sync-from-plan/{planId}");
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        var done = await MigrationApi.WaitForFinishAsync(env.Api, created.Json.GetProperty("id").GetString()!);

        Assert.Equal((18L, 18L * 2000), (plan.GetProperty("totObjects").GetInt64(), plan.GetProperty("totSize").GetInt64()));
        Assert.Equal((2, 18L, 18L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted")));
        Assert.Equal((await Buckets.ListAsync(env.Local, source)).ToDictionary(o => o.Key, o => o.ETag),
            (await Buckets.ListAsync(env.Remote, destination)).ToDictionary(o => o.Key, o => o.ETag));
    }

    private static async Task<JsonElement> ListedAsync(TransporterApiClient api, string id) =>
        (await api.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
}
