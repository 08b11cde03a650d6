using System.Net;
using System.Text.Json.Nodes;
using Transporter.Api.Tests.Migrations.Fixtures;

namespace Transporter.Api.Tests.Migrations;

/// <summary>Bad input is answered 400 with {"error","details"} naming the problem, and nothing is stored.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class ValidationTests(ApiPlatformFixture fixture)
{
    private JsonObject ValidBody() => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Endpoints.MigrationBody(fixture.Platform)))!.AsObject();

    public static TheoryData<string, string, string> BadMigrationBodies => new()
    {
        // name, JSON edit applied to a valid body ("path=value" or "-path" to remove), expected words in details
        { "unknown source type", "source.type=\"ftp\"", "unknown type 'ftp'" },
        { "missing source", "-source", "source is required" },
        { "missing destination bucket", "-destination.bucket", "destination: bucket is required" },
        { "missing secret key", "-source.secretKey", "source: secretKey is required" },
        { "endpoint not a URL", "destination.endpoint=\"ht!tp://x y\"", "is not a URL" },
        { "prefix on the destination", "destination.prefix=\"a/\"", "prefix is valid only for the source" },
        { "subtype on the source", "source.subtype=\"aws-s3-glacier\"", "subtype is valid only for the destination" },
        { "unknown subtype", "destination.subtype=\"aws-s3-colder\"", "subtype 'aws-s3-colder' is not valid" },
        { "crontab without spec", "crontab={\"maxRuns\":3}", "crontab: spec is required" },
        { "crontab minute out of range", "crontab={\"spec\":\"61 * * * *\"}", "crontab:" },
        { "negative maxRuns", "crontab={\"spec\":\"@daily\",\"maxRuns\":-1}", "maxRuns must be 0" },
        { "notification by fax", "notifications=[{\"event\":\"reports ready\",\"carrier\":\"fax\",\"destination\":[\"a@b.c\"]}]", "carrier must be \"email\"" },
        { "notification to nobody", "notifications=[{\"event\":\"reports ready\",\"carrier\":\"email\",\"destination\":[]}]", "at least one email" },
        { "enableStatistics as text", "enableStatistics=\"yes\"", "not valid JSON for this request" },
        { "source as a number", "source=7", "not valid JSON for this request" },
        { "bad include glob", "filters={\"include\":[\"*.jpg\",\"[abc\"]}", "filters.include[1]: '[abc' is not a valid glob" },
        { "bad exclude glob", "filters={\"exclude\":[\"{a,b\"]}", "filters.exclude[0]:" },
        { "negative minSize", "filters={\"minSize\":-1}", "filters.minSize must be 0 or more bytes" },
        { "min above max", "filters={\"minSize\":10,\"maxSize\":9}", "filters.minSize (10) must not be larger than filters.maxSize (9)" },
        { "bad modifiedAfter", "filters={\"modifiedAfter\":\"last week\"}", "filters.modifiedAfter must be an ISO-8601 time" },
        { "bad modifiedBefore", "filters={\"modifiedBefore\":\"2024-02-30\"}", "filters.modifiedBefore must be an ISO-8601 time" },
        { "size as text", "filters={\"maxSize\":\"big\"}", "$.filters.maxSize" },
    };

    [Theory]
    [MemberData(nameof(BadMigrationBodies))]
    public async Task Bad_migration_bodies_are_refused_and_nothing_is_stored(string name, string edit, string expected)
    {
        var body = ValidBody();
        Apply(body, edit);

        await AssertRefusedAsync(() => fixture.Root.PostAsync("/migrations", body.ToJsonString()), expected, name);
        await AssertRefusedAsync(() => fixture.Root.PostAsync("/sync", body.ToJsonString()), expected, name);
    }

    [Theory]
    [InlineData("/migrations", "deleteExtraneous=true", "deleteExtraneous is for syncs only")]
    [InlineData("/sync", "maxDelete=5", "maxDelete needs deleteExtraneous: true")]
    [InlineData("/sync", "deleteExtraneous=true;maxDelete=-1", "maxDelete must be a number of objects (0 or more) or a percentage")]
    [InlineData("/sync", "deleteExtraneous=true;maxDelete=\"120%\"", "got \"120%\"")]
    [InlineData("/sync", "deleteExtraneous=true;maxDelete=\"ten\"", "got \"ten\"")]
    [InlineData("/sync", "deleteExtraneous=true;maxDelete=1.5", "got 1.5")]
    [InlineData("/migrations", "bandwidthTimetable=[{\"days\":\"Weekdays\",\"from\":\"08:00\",\"to\":\"18:00\",\"limit\":0}]",
        "bandwidthTimetable[0].days: 'Weekdays' is not a day")]
    [InlineData("/sync", "bandwidthTimetable=[{\"days\":\"Mon\",\"from\":\"08:00\",\"to\":\"18:00\",\"limit\":10}]",
        "bandwidthTimetable[0].limit: the bandwidth limit must be 0 (no limit) or at least 1000 bytes per second, got 10")]
    [InlineData("/migrations", "bandwidthTimetable=[{\"days\":\"Mon\",\"from\":\"8:00\",\"to\":\"18:00\",\"limit\":0}]",
        "bandwidthTimetable[0].from must be a time of day as HH:mm")]
    [InlineData("/migrations", "bandwidthTimetable=[{\"days\":\"Mon\",\"from\":\"08:00\",\"to\":\"18:00\"}]", "bandwidthTimetable[0].limit is required")]
    [InlineData("/migrations", "bandwidthTimetable=[{\"days\":\"Mon\",\"from\":\"08:00\",\"to\":\"18:00\",\"limit\":0}];timeZone=\"Berlin\"",
        "timeZone 'Berlin' is not a time zone")]
    [InlineData("/migrations", "timeZone=\"UTC\"", "timeZone needs a bandwidthTimetable")]
    [InlineData("/migrations", "webhooks=[{\"url\":\"ftp://hooks.example.com/x\",\"secret\":\"0123456789abcdef\"}]",
        "webhooks[0].url must be an absolute http or https URL")]
    [InlineData("/sync", "webhooks=[{\"url\":\"https://hooks.example.com/x\",\"secret\":\"short\"}]", "webhooks[0].secret must be at least 16 characters")]
    [InlineData("/migrations", "webhooks=[null]", "webhooks[0] must be an object")]
    [InlineData("/sync", "allVersions=true", "allVersions is for migrations only")]
    [InlineData("/migrations", "allVersions=true;deleteAfterUpload=true", "allVersions cannot be combined with deleteAfterUpload")]
    public async Task Bad_mirror_and_timetable_settings_are_refused(string path, string edits, string expected)
    {
        var body = ValidBody();
        foreach (var edit in edits.Split(';')) Apply(body, edit);

        await AssertRefusedAsync(() => fixture.Root.PostAsync(path, body.ToJsonString()), expected, edits);
    }

    [Theory]
    [InlineData("999", "at least 1000")]
    [InlineData("1", "at least 1000")]
    [InlineData("-5", "at least 1000")]
    [InlineData("abc", "must be an integer")]
    [InlineData("1.5", "must be an integer")]
    [InlineData("99999999999999999999999", "must be an integer")]
    public async Task Bad_bandwidth_limits_are_refused(string value, string expected)
    {
        var body = ValidBody().ToJsonString();
        await AssertRefusedAsync(() => fixture.Root.PostAsync($"/migrations?bandwidth-limit={value}", body), expected, value);
        await AssertRefusedAsync(() => fixture.Root.PostAsync($"/sync?bandwidth-limit={value}", body), expected, value);
    }

    [Theory]
    [InlineData("{\"source\":", "not valid JSON")]
    [InlineData("[1,2]", "not valid JSON")]
    [InlineData("null", "must not be null")]
    [InlineData("", "a JSON body is required")]
    public async Task Malformed_bodies_are_refused(string body, string expected)
    {
        await AssertRefusedAsync(() => fixture.Root.SendAsync(HttpMethod.Post, "/migrations", System.Text.Encoding.UTF8.GetBytes(body)), expected, body);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_refused()
    {
        var body = ValidBody();
        body["padding"] = new string('x', 1024 * 1024);

        await AssertRefusedAsync(() => fixture.Root.PostAsync("/migrations", body.ToJsonString()), "larger than 1048576 bytes", "big body");
    }

    [Fact]
    public async Task An_unknown_sync_mode_is_refused()
    {
        await AssertRefusedAsync(() => fixture.Root.PostAsync("/sync?sync-mode=sometimes", ValidBody().ToJsonString()),
            "sync-mode must be \"simple\" or \"by-time\"", "sync-mode");
    }

    [Theory]
    [InlineData("GET", "/state/not-a-guid")]
    [InlineData("POST", "/abort/12345")]
    [InlineData("POST", "/retry/zzz")]
    [InlineData("POST", "/sync/926dd67a-5475-43b3-9f7e")]
    [InlineData("GET", "/bandwidth/x")]
    public async Task Ids_that_are_not_GUIDs_are_refused(string method, string path)
    {
        var response = await fixture.Root.SendAsync(new HttpMethod(method), path, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("is not a migration id", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Pause_needs_the_paused_flag()
    {
        var created = (await fixture.Root.PostAsync("/migrations", WithCrontab(ValidBody()))).Json.GetProperty("id").GetString();

        var response = await fixture.Root.PostAsync($"/pause/{created}", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("\"paused\" (true or false) is required", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Setting_bandwidth_changes_nothing_when_one_entry_is_invalid()
    {
        var first = (await fixture.Root.PostAsync("/migrations?bandwidth-limit=5000", WithCrontab(ValidBody()))).Json.GetProperty("id").GetString();
        var second = (await fixture.Root.PostAsync("/migrations?bandwidth-limit=6000", WithCrontab(ValidBody()))).Json.GetProperty("id").GetString();

        var response = await fixture.Root.PostAsync("/bandwidth",
            $$"""[{"migrationID":"{{first}}","bytesPerSecond":20000},{"migrationID":"{{second}}","bytesPerSecond":999}]""");
        var unknown = await fixture.Root.PostAsync("/bandwidth",
            $$"""[{"migrationID":"{{first}}","bytesPerSecond":20000},{"migrationID":"{{Guid.NewGuid()}}","bytesPerSecond":2000}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("got 999", response.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(5000, (await fixture.Root.GetAsync($"/bandwidth/{first}")).Json.GetProperty("bytesPerSecond").GetInt64());
        Assert.Equal(6000, (await fixture.Root.GetAsync($"/bandwidth/{second}")).Json.GetProperty("bytesPerSecond").GetInt64());
    }

    [Fact]
    public async Task Setting_bandwidth_changes_every_listed_migration()
    {
        var first = (await fixture.Root.PostAsync("/migrations", WithCrontab(ValidBody()))).Json.GetProperty("id").GetString();
        var second = (await fixture.Root.PostAsync("/migrations?bandwidth-limit=0", WithCrontab(ValidBody()))).Json.GetProperty("id").GetString();

        var response = await fixture.Root.PostAsync("/bandwidth",
            $$"""[{"migrationID":"{{first}}","bytesPerSecond":5000000},{"migrationID":"{{second}}","bytesPerSecond":1000}]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(5000000, (await fixture.Root.GetAsync($"/bandwidth/{first}")).Json.GetProperty("bytesPerSecond").GetInt64());
        Assert.Equal(1000, (await fixture.Root.GetAsync($"/bandwidth/{second}")).Json.GetProperty("bytesPerSecond").GetInt64());
    }

    /// <summary>A schedule keeps the migration from starting, so these tests touch no bucket.</summary>
    private static string WithCrontab(JsonObject body)
    {
        body["crontab"] = new JsonObject { ["spec"] = "@daily" };
        return body.ToJsonString();
    }

    private async Task AssertRefusedAsync(Func<Task<Transporter.Testing.Api.ApiResponse>> send, string expected, string name)
    {
        // Serialized with other tests of the collection, so the counts are not moved by them.
        var migrations = await fixture.CountRowsAsync("migrations");
        var runs = await fixture.CountRowsAsync("migration_runs");

        var response = await send();

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{name}: {response}");
        Assert.Equal("bad request", response.Json.GetProperty("error").GetString());
        Assert.Contains(expected, response.Json.GetProperty("details").GetString());
        Assert.Equal(migrations, await fixture.CountRowsAsync("migrations"));
        Assert.Equal(runs, await fixture.CountRowsAsync("migration_runs"));
    }

    /// <summary>Applies "a.b=json" (set) or "-a.b" (remove) to <paramref name="body"/>.</summary>
    private static void Apply(JsonObject body, string edit)
    {
        var remove = edit.StartsWith('-');
        var (path, value) = remove ? (edit[1..], null) : (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1]) target = target[part]!.AsObject();
        if (remove) target.Remove(parts[^1]);
        else target[parts[^1]] = JsonNode.Parse(value!);
    }
}
