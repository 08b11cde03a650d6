using System.Net;
using System.Text.Json;
using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Controls;

/// <summary>Plans with estimates through the API: after a migration between two S3 endpoints, a plan between the same
/// endpoint types predicts its time from that run's measured speed and its cost from the platform's price table
/// (TRANSPORTER_PRICE_TABLE), and says so in its assumptions.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EstimateScenarioTests(PlatformUnderTest env)
{
    [Fact]
    public async Task A_plan_estimates_time_from_measured_runs_and_cost_from_the_price_table()
    {
        var source = await Buckets.CreateAsync(env.Local, "estimate-src");
        var first = await Buckets.CreateAsync(env.Remote, "estimate-dst");
        var second = await Buckets.CreateAsync(env.Remote, "estimate-dst");
        await Buckets.PutManyAsync(env.Local, source, Enumerable.Range(0, 20).Select(i => ($"k{i:D2}", Buckets.Content(1000, i))));
        var migration = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, first),
        });
        Assert.Equal(2, (await MigrationApi.WaitForFinishAsync(env.Api, migration)).State());

        var created = await env.Api.PostAsync("/plans", new
        {
            source = Buckets.Endpoint(env.Platform, source),
            destination = Buckets.Endpoint(env.Foreign, second),
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = created.Json.GetProperty("planID").GetString()!;
        var plan = await WaitEndedAsync(id);
        var estimate = plan.GetProperty("estimate");
        var assumptions = estimate.GetProperty("assumptions").EnumerateArray().Select(a => a.GetString()!).ToList();

        Assert.Equal(["assumptions", "cost", "currency", "seconds"], estimate.EnumerateObject().Select(p => p.Name).Order());
        // 20 kB out at 1000/GB = 0.02; one listing page at 10/1000 = 0.01; 20 reads at 1/1000 and 20 writes at 2/1000 = 0.06.
        Assert.Equal(("EUR", 0.09m), (estimate.GetProperty("currency").GetString(), estimate.GetProperty("cost").GetDecimal()));
        Assert.InRange(estimate.GetProperty("seconds").GetInt64(), 1, 60);
        Assert.Contains(assumptions, a => a.StartsWith("speed measured on ") && a.Contains("earlier runs s3v4 → s3v4 of this root"));
        Assert.Contains(assumptions, a => a.StartsWith("100B - 1KB: 20 objects at ") && a.Contains(" as measured: "));
        Assert.Contains("prices from the e2e price table; storage at the destination is not included", assumptions);
        Assert.Contains(assumptions, a => a.StartsWith("egress from s3v4: 20 KB at EUR 1000/GB = EUR 0.02"));
    }

    private async Task<JsonElement> WaitEndedAsync(string id)
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
