using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing;

namespace Transporter.Api.Tests.Plans;

/// <summary>POST, GET and DELETE /plans and the from-plan calls through botocore-signed requests against the real
/// platform: the spec's shapes and status codes, validation, and tenant isolation.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class PlanApiTests(ApiPlatformFixture fixture) : IDisposable
{
    private readonly AmazonS3Client _s3 = S3ClientFactory.For(fixture.Platform);

    public void Dispose() => _s3.Dispose();

    private async Task<string> BucketAsync(string hint, int objects = 0)
    {
        var name = $"{hint}-{Guid.NewGuid().ToString("N")[..10]}";
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        for (var i = 0; i < objects; i++)
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = $"k{i}", ContentBody = new string('x', 10 * i), UseChunkEncoding = false });
        return name;
    }

    private Dictionary<string, object?> Body(string source, string destination, bool sync = false) => new()
    {
        ["source"] = Endpoints.Store(fixture.Platform, source),
        ["destination"] = Endpoints.Store(fixture.Platform, destination),
        ["sync"] = sync,
        ["syncMode"] = "simple",
        ["skipVerify"] = false,
    };

    private async Task<string> EndedPlanAsync(bool sync = false)
    {
        var id = await PlanApi.CreateAsync(fixture.Root, Body(await BucketAsync("plan-src", 3), await BucketAsync("plan-dst"), sync));
        var plan = await PlanApi.WaitEndedAsync(fixture.Root, id);
        Assert.Equal("ended", plan.GetProperty("status").GetString());
        return id;
    }

    [Fact]
    public async Task A_plan_answers_its_id_scans_the_source_and_cannot_be_aborted_once_ended()
    {
        var created = await fixture.Root.PostAsync("/plans", Body(await BucketAsync("plan-src", 3), await BucketAsync("plan-dst")));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(["planID"], PlanApi.Keys(created.Json));
        var id = created.Json.GetProperty("planID").GetString()!;

        var plan = await PlanApi.WaitEndedAsync(fixture.Root, id);
        var delete = await fixture.Root.SendAsync(HttpMethod.Delete, $"/plans/{id}", null);

        Assert.Equal("ended", plan.GetProperty("status").GetString());
        Assert.Equal(3, plan.GetProperty("totObjects").GetInt64());
        Assert.Equal(0 + 10 + 20, plan.GetProperty("totSize").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, delete.Status);
        Assert.Equal("migration plan already ended, current status: ended", delete.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Get_plans_lists_the_spec_fields_without_statistics_errors_or_credentials()
    {
        var id = await EndedPlanAsync();

        var list = await fixture.Root.GetAsync("/plans");
        var entry = list.Json.EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(["associatedMigrationsIDs", "config", "createdAt", "endedAt", "id", "root", "status"], PlanApi.Keys(entry));
        Assert.Equal(["destination", "skipVerify", "source", "sync", "syncMode"], PlanApi.Keys(entry.GetProperty("config")));
        Assert.Equal(["bucket", "endpoint", "region", "type"], PlanApi.Keys(entry.GetProperty("config").GetProperty("source")));
        Assert.Equal("default", entry.GetProperty("root").GetString());
        Assert.False(entry.GetProperty("config").GetProperty("sync").GetBoolean());
        Assert.Equal("simple", entry.GetProperty("config").GetProperty("syncMode").GetString());
        Assert.Equal(0, entry.GetProperty("associatedMigrationsIDs").GetArrayLength());
        Assert.EndsWith("Z", entry.GetProperty("createdAt").GetString());
        Assert.DoesNotContain("accessKey", list.Body);
        Assert.DoesNotContain("secretKey", list.Body);
        Assert.DoesNotContain(fixture.Platform.RootSecretKey, list.Body);
    }

    [Fact]
    public async Task Get_plan_shows_errors_totals_and_the_12_bins_of_the_spec()
    {
        var id = await EndedPlanAsync();

        var plan = (await fixture.Root.GetAsync($"/plans/{id}")).Json;
        var bins = plan.GetProperty("distribution").EnumerateArray().ToList();

        Assert.Equal(["associatedMigrationsIDs", "config", "createdAt", "distribution", "endedAt", "errors", "id", "root", "status", "totObjects", "totSize"],
            PlanApi.Keys(plan));
        Assert.Equal(0, plan.GetProperty("errors").GetArrayLength());
        Assert.EndsWith("Z", plan.GetProperty("endedAt").GetString());
        Assert.Equal(12, bins.Count);
        Assert.All(bins, b => Assert.Equal(["label", "max", "min", "value"], PlanApi.Keys(b)));
        Assert.Equal(["label", "max", "min", "value"], bins[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("< 10B", 0L, 10L, 2L), (bins[0].GetProperty("label").GetString(), bins[0].GetProperty("min").GetInt64(),
            bins[0].GetProperty("max").GetInt64(), bins[0].GetProperty("value").GetInt64()));
        Assert.Equal(("10B - 100B", 11L, 100L, 1L), (bins[1].GetProperty("label").GetString(), bins[1].GetProperty("min").GetInt64(),
            bins[1].GetProperty("max").GetInt64(), bins[1].GetProperty("value").GetInt64()));
        Assert.Equal(("> 10GB", 10000000001L, 100000000000L), (bins[11].GetProperty("label").GetString(), bins[11].GetProperty("min").GetInt64(),
            bins[11].GetProperty("max").GetInt64()));
    }

    [Fact]
    public async Task A_plan_not_ended_shows_endedAt_null()
    {
        // A plan whose destination is unknown fails its preflight; until then (and when read at once) endedAt is null.
        var id = await PlanApi.CreateAsync(fixture.Root, Body(await BucketAsync("plan-src", 1), $"missing-{Guid.NewGuid():N}"));

        var first = (await fixture.Root.GetAsync($"/plans/{id}")).Json;
        var ended = await PlanApi.WaitEndedAsync(fixture.Root, id);

        if (first.GetProperty("status").GetString() is "queued" or "tested" or "running")
            Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("endedAt").ValueKind);
        Assert.Equal("failed", ended.GetProperty("status").GetString());
        Assert.Contains("preflight: error writing the destination", Assert.Single(ended.GetProperty("errors").EnumerateArray()).GetString());
        Assert.EndsWith("Z", ended.GetProperty("endedAt").GetString());
    }

    [Theory]
    [InlineData("-source", "source errors: source is required")]
    [InlineData("source.type=ftp", "source errors: unknown type 'ftp'")]
    [InlineData("-source.secretKey", "source errors: secretKey is required")]
    [InlineData("-destination.bucket", "destination errors: bucket is required")]
    [InlineData("destination.prefix=a/", "destination errors: prefix is valid only for the source")]
    [InlineData("syncMode=sometimes", "syncMode must be \"simple\" or \"by-time\"")]
    public async Task Invalid_configurations_are_refused_with_the_specs_details_and_nothing_is_stored(string edit, string expected)
    {
        var body = Body("a", "b");
        Edit(body, edit);
        var before = await fixture.CountRowsAsync("plans");

        var response = await fixture.Root.PostAsync("/plans", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(expected, response.Json.GetProperty("details").GetString());
        Assert.Equal(before, await fixture.CountRowsAsync("plans"));
    }

    [Fact]
    public async Task Malformed_ids_get_400_and_unknown_ones_404()
    {
        var unknown = Guid.NewGuid();
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, "/plans/{0}"), (HttpMethod.Delete, "/plans/{0}"),
                     (HttpMethod.Post, "/migration-from-plan/{0}"), (HttpMethod.Post, "/sync-from-plan/{0}"),
                 })
        {
            var malformed = await fixture.Root.SendAsync(method, string.Format(path, "not-a-plan"), null);
            var missing = await fixture.Root.SendAsync(method, string.Format(path, unknown), null);
            Assert.True(malformed.Status == HttpStatusCode.BadRequest, $"{method} {path}: {malformed}");
            Assert.Contains("malformed plan ID", malformed.Json.GetProperty("details").GetString());
            Assert.True(missing.Status == HttpStatusCode.NotFound, $"{method} {path}: {missing}");
        }
        var fromMigration = await fixture.Root.PostAsync($"/plans/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, fromMigration.Status);
        Assert.Equal("not found", fromMigration.Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Another_roots_caller_never_sees_or_touches_a_plan_and_a_user_sees_only_its_own()
    {
        var mine = await PlanApi.CreateAsync(fixture.User, Body(await BucketAsync("plan-src", 1), await BucketAsync("plan-dst")));
        var rootsOwn = await PlanApi.CreateAsync(fixture.Root, Body(await BucketAsync("plan-src", 1), await BucketAsync("plan-dst")));
        var other = fixture.Other;

        foreach (var response in new[]
                 {
                     await other.GetAsync($"/plans/{mine}"), await other.SendAsync(HttpMethod.Delete, $"/plans/{mine}", null),
                     await other.PostAsync($"/migration-from-plan/{mine}"), await fixture.User.GetAsync($"/plans/{rootsOwn}"),
                 })
            Assert.True(response.Status == HttpStatusCode.NotFound, response.ToString());

        Assert.DoesNotContain(mine, (await other.GetAsync("/plans")).Body);
        Assert.DoesNotContain(rootsOwn, (await fixture.User.GetAsync("/plans")).Body);
        Assert.Contains(mine, (await fixture.User.GetAsync("/plans")).Body);
        Assert.Contains(mine, (await fixture.Root.GetAsync("/plans")).Body);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Root.GetAsync($"/plans/{mine}")).Status);
    }

    [Fact]
    public async Task A_plan_made_from_a_sync_inherits_its_mode_and_is_associated_with_it()
    {
        var sync = await fixture.Root.PostAsync("/sync?sync-mode=by-time", new Dictionary<string, object?>
        {
            ["source"] = Endpoints.Store(fixture.Platform, await BucketAsync("plan-src", 2)),
            ["destination"] = Endpoints.Store(fixture.Platform, await BucketAsync("plan-dst")),
            ["crontab"] = new { spec = "@yearly" },
        });
        var migrationId = sync.Json.GetProperty("id").GetString()!;

        var created = await fixture.Root.PostAsync($"/plans/{migrationId}");
        var id = created.Json.GetProperty("planID").GetString()!;
        var plan = await PlanApi.WaitEndedAsync(fixture.Root, id);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True(plan.GetProperty("config").GetProperty("sync").GetBoolean());
        Assert.Equal("by-time", plan.GetProperty("config").GetProperty("syncMode").GetString());
        var associated = Assert.Single(plan.GetProperty("associatedMigrationsIDs").EnumerateArray());
        Assert.Equal(["id", "root"], PlanApi.Keys(associated));
        Assert.Equal((migrationId, "default"), (associated.GetProperty("id").GetString(), associated.GetProperty("root").GetString()));
        Assert.Equal(2, plan.GetProperty("totObjects").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.PostAsync($"/plans/{migrationId}")).Status);
    }

    [Fact]
    public async Task From_plan_calls_refuse_the_other_kind_of_plan_with_409_and_create_associated_migrations()
    {
        var regular = await EndedPlanAsync();
        var sync = await EndedPlanAsync(sync: true);

        var wrongSync = await fixture.Root.PostAsync($"/sync-from-plan/{regular}");
        var wrongMigration = await fixture.Root.PostAsync($"/migration-from-plan/{sync}");
        var badCrontab = await fixture.Root.PostAsync($"/migration-from-plan/{regular}", new { crontab = new { spec = "0 0 32 * *" } });
        var badQuery = await fixture.Root.PostAsync($"/sync-from-plan/{sync}?sync-mode=weekly");
        var migration = await fixture.Root.PostAsync($"/migration-from-plan/{regular}?bandwidth-limit=5000",
            new { crontab = new { spec = "@yearly", maxRuns = 1 }, enableStatistics = true });
        var syncMigration = await fixture.Root.PostAsync($"/sync-from-plan/{sync}?sync-mode=by-time");

        Assert.Equal(HttpStatusCode.Conflict, wrongSync.Status);
        Assert.Contains("is a regular plan", wrongSync.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.Conflict, wrongMigration.Status);
        Assert.Contains("is a sync plan", wrongMigration.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badCrontab.Status);
        Assert.Contains("day-of-month", badCrontab.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.Status);
        Assert.Equal(HttpStatusCode.OK, migration.Status);
        Assert.Equal(["id", "root"], PlanApi.Keys(migration.Json));
        Assert.Equal(HttpStatusCode.OK, syncMigration.Status);

        var migrationId = migration.Json.GetProperty("id").GetString()!;
        var syncId = syncMigration.Json.GetProperty("id").GetString()!;
        var listed = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal("migration", listed[migrationId].GetProperty("kind").GetString());
        Assert.Equal(5000, listed[migrationId].GetProperty("bandwidthLimit").GetInt64());
        Assert.True(listed[migrationId].GetProperty("enableStatistics").GetBoolean());
        Assert.Equal("@yearly", listed[migrationId].GetProperty("schedule").GetProperty("spec").GetString());
        Assert.Equal(("sync", "by-time"), (listed[syncId].GetProperty("kind").GetString(), listed[syncId].GetProperty("syncMode").GetString()));
        var plans = (await fixture.Root.GetAsync("/plans")).Json.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal([migrationId], plans[regular].GetProperty("associatedMigrationsIDs").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal([syncId], plans[sync].GetProperty("associatedMigrationsIDs").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    /// <summary>"path=value" sets a string, "-path" removes; paths are dotted.</summary>
    private static void Edit(Dictionary<string, object?> body, string edit)
    {
        var remove = edit.StartsWith('-');
        var (path, value) = remove ? (edit[1..], null) : (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1]) target = (Dictionary<string, object?>)target[part]!;
        if (remove) target.Remove(parts[^1]);
        else target[parts[^1]] = value;
    }
}
