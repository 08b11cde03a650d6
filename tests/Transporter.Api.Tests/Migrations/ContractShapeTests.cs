using System.Net;
using System.Text.Json;
using Transporter.Api.Tests.Migrations.Fixtures;

namespace Transporter.Api.Tests.Migrations;

/// <summary>The JSON of each answer has the spec's field names and types; credentials never come back and are
/// encrypted at rest.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class ContractShapeTests(ApiPlatformFixture fixture)
{
    private static string[] Keys(JsonElement json) => json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private Dictionary<string, object?> Scheduled(string spec = "@daily")
    {
        var body = Endpoints.MigrationBody(fixture.Platform);
        body["crontab"] = new Dictionary<string, object> { ["spec"] = spec, ["maxRuns"] = 3 };
        return body;
    }

    [Fact]
    public async Task Post_migrations_answers_201_with_root_username_and_id()
    {
        var response = await fixture.Root.PostAsync("/migrations", Scheduled());

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(["id", "root", "username"], Keys(response.Json));
        Assert.Equal("default", response.Json.GetProperty("root").GetString());
        Assert.Equal("root", response.Json.GetProperty("username").GetString());
        Assert.True(Guid.TryParse(response.Json.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task Listings_carry_the_spec_fields_and_never_a_credential()
    {
        var body = Scheduled();
        ((Dictionary<string, object?>)body["source"]!)["prefix"] = "photos/";
        ((Dictionary<string, object?>)body["destination"]!)["forceSSES3"] = true;
        var id = (await fixture.Root.PostAsync("/migrations?bandwidth-limit=2000000", body)).Json.GetProperty("id").GetString();

        var list = await fixture.Root.GetAsync("/migrations");
        var entry = list.Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain(fixture.Platform.RootSecretKey, list.Body);
        Assert.DoesNotContain(fixture.Platform.RootAccessKey, list.Body);
        Assert.DoesNotContain("accessKey", list.Body);
        Assert.DoesNotContain("secretKey", list.Body);
        Assert.Equal("default", entry.GetProperty("root").GetString());
        Assert.Equal("root", entry.GetProperty("username").GetString());
        Assert.Equal(["bucket", "endpoint", "prefix", "region", "type"], Keys(entry.GetProperty("source")));
        Assert.Equal("photos/", entry.GetProperty("source").GetProperty("prefix").GetString());
        Assert.Equal(["bucket", "endpoint", "forceSSES3", "region", "type"], Keys(entry.GetProperty("destination")));
        Assert.Equal("migration", entry.GetProperty("kind").GetString());
        Assert.Equal(4, entry.GetProperty("state").GetInt32());
        Assert.Equal("Waiting", entry.GetProperty("stateDescription").GetString());
        Assert.Equal(2000000, entry.GetProperty("bandwidthLimit").GetInt64());
        Assert.Equal("@daily", entry.GetProperty("crontab").GetProperty("spec").GetString());
        Assert.Equal(3, entry.GetProperty("crontab").GetProperty("maxRuns").GetInt32());
        Assert.EndsWith("Z", entry.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task Credentials_are_encrypted_at_rest()
    {
        var id = (await fixture.Root.PostAsync("/migrations", Scheduled())).Json.GetProperty("id").GetString();

        var rows = await fixture.QueryAsync<(string Source, string Destination, string Secrets)>(
            "SELECT source, destination, secrets FROM migrations WHERE id = @id", new { id });

        var (source, destination, secrets) = Assert.Single(rows);
        foreach (var column in new[] { source, destination, secrets })
        {
            Assert.DoesNotContain(fixture.Platform.RootSecretKey, column);
            Assert.DoesNotContain(fixture.Platform.RootAccessKey, column);
        }
        Assert.Contains("\"bucket\":\"src\"", source);
    }

    [Fact]
    public async Task A_scheduled_migration_is_not_started_so_state_is_404_and_retry_400()
    {
        var id = (await fixture.Root.PostAsync("/migrations", Scheduled("0,30 * * * *"))).Json.GetProperty("id").GetString();

        var state = await fixture.Root.GetAsync($"/state/{id}");
        var retry = await fixture.Root.PostAsync($"/retry/{id}");

        Assert.Equal(HttpStatusCode.NotFound, state.Status);
        Assert.Equal(["details", "error"], Keys(state.Json));
        Assert.Equal(HttpStatusCode.BadRequest, retry.Status);
        Assert.Contains("is not finished", retry.Json.GetProperty("details").GetString());
        Assert.Empty(await fixture.QueryAsync<string>("SELECT id FROM migration_runs WHERE migration_id = @id", new { id }));
    }

    [Fact]
    public async Task Unknown_migrations_are_404()
    {
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.GetAsync($"/state/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.PostAsync($"/retry/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.PostAsync($"/abort/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.PostAsync($"/pause/{id}", new { paused = true })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.PostAsync($"/sync/{id}")).Status);
    }

    [Fact]
    public async Task Bandwidth_answers_migrationID_and_bytesPerSecond()
    {
        var id = (await fixture.Root.PostAsync("/migrations?bandwidth-limit=5000000", Scheduled())).Json.GetProperty("id").GetString();

        var response = await fixture.Root.GetAsync($"/bandwidth/{id}");

        Assert.Equal(["bytesPerSecond", "migrationID"], Keys(response.Json));
        Assert.Equal(id, response.Json.GetProperty("migrationID").GetString());
        Assert.Equal(5000000, response.Json.GetProperty("bytesPerSecond").GetInt64());
    }

    [Fact]
    public async Task Sync_answers_201_with_root_and_id_and_inherits_the_parents_mode()
    {
        var created = await fixture.Root.PostAsync("/sync?sync-mode=by-time&bandwidth-limit=3000", Scheduled());
        var parent = created.Json.GetProperty("id").GetString();

        var inherited = await fixture.Root.PostAsync($"/sync/{parent}");
        var overridden = await fixture.Root.PostAsync($"/sync/{parent}?sync-mode=simple&bandwidth-limit=0");
        var fromMigration = await fixture.Root.PostAsync($"/sync/{(await fixture.Root.PostAsync("/migrations", Scheduled())).Json.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(["id", "root"], Keys(created.Json));
        Assert.Equal(HttpStatusCode.Created, inherited.Status);
        Assert.Equal(["id", "root"], Keys(inherited.Json));
        var list = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        var child = list[inherited.Json.GetProperty("id").GetString()!];
        Assert.Equal(("sync", "by-time", 3000L, parent), (child.GetProperty("kind").GetString(), child.GetProperty("syncMode").GetString(),
            child.GetProperty("bandwidthLimit").GetInt64(), child.GetProperty("parentID").GetString()));
        // A sync made from a migration runs once: it does not copy the parent's schedule.
        Assert.False(child.TryGetProperty("crontab", out _));
        var other = list[overridden.Json.GetProperty("id").GetString()!];
        Assert.Equal(("simple", 0L), (other.GetProperty("syncMode").GetString(), other.GetProperty("bandwidthLimit").GetInt64()));
        Assert.Equal("simple", list[fromMigration.Json.GetProperty("id").GetString()!].GetProperty("syncMode").GetString());
    }

    [Fact]
    public async Task A_run_whose_preflight_fails_reports_every_state_field_with_the_providers_error()
    {
        var body = Endpoints.MigrationBody(fixture.Platform, source: "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);
        var id = (await fixture.Root.PostAsync("/migrations", body)).Json.GetProperty("id").GetString();

        var state = await WaitForStateAsync(id!, s => s.GetProperty("state").GetInt32() == 6);

        // The spec's fields, lastProgress (secondsSinceProgress is there only while the run works) and throttledRequests
        // (requestRate only while an endpoint is limited).
        Assert.Equal(["bytesTransmitted", "errors", "filesCompleted", "filesFailed", "filesFound", "id", "lastKey", "lastProgress", "lastUpdate",
            "listingCompleted", "root", "startTime", "state", "stateDescription", "throttledRequests"], Keys(state));
        Assert.Equal("Failed", state.GetProperty("stateDescription").GetString());
        Assert.Equal(id, state.GetProperty("id").GetString());
        Assert.Equal("default", state.GetProperty("root").GetString());
        Assert.False(state.GetProperty("listingCompleted").GetBoolean());
        Assert.Equal(0, state.GetProperty("filesFound").GetInt64());
        Assert.StartsWith("preflight: error reading the source: NoSuchBucket: ", Assert.Single(state.GetProperty("errors").EnumerateArray()).GetString());
        Assert.EndsWith("Z", state.GetProperty("startTime").GetString());
        // A failed run is finished: retry is accepted (204) and runs the preflight again.
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Root.PostAsync($"/retry/{id}")).Status);
    }

    private async Task<JsonElement> WaitForStateAsync(string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await fixture.Root.GetAsync($"/state/{id}");
            if (response.Status == HttpStatusCode.OK && done(response.Json)) return response.Json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"state of {id}: {response}");
            await Task.Delay(200);
        }
    }
}
