using System.Net;
using System.Text.Json;
using Dapper;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Core.Persistence;
using Transporter.Testing;

namespace Transporter.Api.Tests.Reports;

/// <summary>The report endpoints on the real platform process: error pages of a real run whose every object failed
/// (the destination bucket does not exist and the preflight is skipped), preparation status and conflicts, refusals.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class ReportsApiTests(ApiPlatformFixture fixture) : IAsyncLifetime
{
    private static readonly string[] SpecFields =
    [
        "sourceBucket", "destinationBucket", "objectKey", "startTime", "connectionDuration", "copyDuration", "finishTime", "bytesCopied",
        "sourceETag", "destinationETag", "tagsCopied", "systemMetadataCopied", "userMetadataCopied", "sseEnabled", "sourceReadingErr",
        "destinationWritingErr", "lyveWritingErr", "sourceDeleteErr",
    ];

    private string _failedRun = null!;

    /// <summary>A finished run of 12 objects (obj-000..obj-011), all refused: the destination bucket is missing, which
    /// fails the run (Failed, 6) once the copies that started report it.</summary>
    public async Task InitializeAsync()
    {
        using var s3 = S3ClientFactory.For(fixture.Platform);
        var source = await ApiRuns.NewBucketAsync(s3, "reports-src", 12, i => 100 + i);
        var p = fixture.Platform;
        _failedRun = await ApiRuns.CreateAsync(fixture.Root, new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, source),
            destination = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, "missing-" + Guid.NewGuid().ToString("N")[..10]),
            skipVerify = true,
        });
        var state = await ApiRuns.WaitForEndAsync(fixture.Root, _failedRun);
        Assert.Equal((6, 12L), (state.GetProperty("state").GetInt32(), state.GetProperty("filesFailed").GetInt64()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<string> Keys(JsonElement page) =>
        page.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("objectKey").GetString()!).ToList();

    [Fact]
    public async Task Error_pages_carry_every_spec_field_the_filter_and_the_pagination()
    {
        var first = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?maxEntries=5");
        var middle = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?maxEntries=5&start=5");
        var last = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?start=10&maxEntries=5");
        var all = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.StartsWith("application/json", first.ContentType);
        Assert.Equal(["filter", "pagination", "reports"], first.Json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["obj-000", "obj-001", "obj-002", "obj-003", "obj-004"], Keys(first.Json));
        Assert.Equal(["obj-005", "obj-006", "obj-007", "obj-008", "obj-009"], Keys(middle.Json));
        Assert.Equal(["obj-010", "obj-011"], Keys(last.Json));
        Assert.Equal((0, 5, false), Pagination(first.Json));
        Assert.Equal((5, 5, false), Pagination(middle.Json));
        Assert.Equal((10, 5, true), Pagination(last.Json));
        Assert.Equal((0, 300, true), Pagination(all.Json));
        Assert.Equal(12, Keys(all.Json).Count);
        Assert.Equal(_failedRun, first.Json.GetProperty("filter").GetProperty("migrationID").GetString());
        Assert.Equal("", first.Json.GetProperty("filter").GetProperty("key").GetString());

        var row = first.Json.GetProperty("reports")[0];
        Assert.Equal(SpecFields.Order(), row.EnumerateObject().Select(p => p.Name).Order());
        Assert.StartsWith("reports-src-", row.GetProperty("sourceBucket").GetString());
        Assert.StartsWith("missing-", row.GetProperty("destinationBucket").GetString());
        Assert.Contains("NoSuchBucket", row.GetProperty("destinationWritingErr").GetString());
        Assert.Equal(0, row.GetProperty("bytesCopied").GetInt64());
        Assert.False(row.GetProperty("tagsCopied").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", row.GetProperty("startTime").GetString());
    }

    private static (int Start, int MaxEntries, bool End) Pagination(JsonElement page)
    {
        var p = page.GetProperty("pagination");
        return (p.GetProperty("start").GetInt32(), p.GetProperty("maxEntries").GetInt32(), p.GetProperty("end").GetBoolean());
    }

    [Fact]
    public async Task The_key_filter_and_the_cap_of_a_thousand_entries()
    {
        var one = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?key=obj-007");
        var none = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?key=obj-7");
        var capped = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}?maxEntries=5000");

        Assert.Equal(["obj-007"], Keys(one.Json));
        Assert.Equal("obj-007", one.Json.GetProperty("filter").GetProperty("key").GetString());
        Assert.Empty(Keys(none.Json));
        Assert.True(none.Json.GetProperty("pagination").GetProperty("end").GetBoolean());
        Assert.Equal((0, 1000, true), Pagination(capped.Json));
    }

    [Theory]
    [InlineData("?maxEntries=0", "maxEntries")]
    [InlineData("?maxEntries=-3", "maxEntries")]
    [InlineData("?maxEntries=ten", "maxEntries")]
    [InlineData("?start=-1", "start")]
    [InlineData("?start=1.5", "start")]
    [InlineData("?maxEntries=5&maxEntries=6", "more than once")]
    public async Task Bad_paging_is_refused_with_400(string query, string named)
    {
        var response = await fixture.Root.GetAsync($"/reports/errors/{_failedRun}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("bad request", response.Json.GetProperty("error").GetString());
        Assert.Contains(named, response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Another_root_gets_404_and_unsigned_requests_403_and_malformed_ids_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.GetAsync($"/reports/errors/{_failedRun}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.GetAsync($"/reports/prepare/{_failedRun}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.PostAsync($"/reports/prepare/{_failedRun}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.User.GetAsync($"/reports/errors/{_failedRun}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.GetAsync($"/reports/errors/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Root.SendUnsignedAsync(HttpMethod.Get, $"/reports/errors/{_failedRun}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Root.SendUnsignedAsync(HttpMethod.Post, $"/reports/prepare/{_failedRun}")).Status);
        var malformed = await fixture.Root.GetAsync("/reports/errors/not-a-guid");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal(["details", "error"], malformed.Json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Empty(await fixture.QueryAsync<string>("SELECT migration_id FROM report_preparations WHERE migration_id = @id", new { id = _failedRun }));
    }

    [Fact]
    public async Task A_migration_that_has_not_ended_gets_400_on_prepare_and_nothing_is_recorded()
    {
        var body = Endpoints.MigrationBody(fixture.Platform);
        body["crontab"] = new Dictionary<string, object> { ["spec"] = "@weekly" };
        var scheduled = await ApiRuns.CreateAsync(fixture.Root, body);

        var response = await fixture.Root.PostAsync($"/reports/prepare/{scheduled}");
        var errors = await fixture.Root.GetAsync($"/reports/errors/{scheduled}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("has not ended", response.Json.GetProperty("details").GetString());
        Assert.False((await fixture.Root.GetAsync($"/reports/prepare/{scheduled}")).Json.GetProperty("isPreparing").GetBoolean());
        Assert.Empty(await fixture.QueryAsync<string>("SELECT migration_id FROM report_preparations WHERE migration_id = @id", new { id = scheduled }));
        Assert.Equal((0, 300, true), Pagination(errors.Json));
        Assert.Empty(Keys(errors.Json));
    }

    [Fact]
    public async Task A_preparation_held_by_another_api_process_means_409_until_its_lease_runs_out()
    {
        // Another API replica on the same database holds a live lease on this migration's preparation.
        var db = Database.Sqlite(Path.Combine(fixture.Platform.DataDir, "transporter.db"));
        await using (var connection = await db.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO report_preparations (migration_id, run_id, state, owner, lease_until, requested_at)
                SELECT @id, r.id, 'preparing', 'api-elsewhere', @until, @now FROM migration_runs r WHERE r.migration_id = @id
                """, new { id = _failedRun, until = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds(), now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

        var status = await fixture.Root.GetAsync($"/reports/prepare/{_failedRun}");
        var conflict = await fixture.Root.PostAsync($"/reports/prepare/{_failedRun}");

        Assert.Equal("""{"isPreparing":true}""", status.Body);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("conflict", conflict.Json.GetProperty("error").GetString());

        // That replica died: its lease ran out.
        await using (var connection = await db.OpenAsync())
            await connection.ExecuteAsync("UPDATE report_preparations SET lease_until = @past WHERE migration_id = @id",
                new { id = _failedRun, past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds() });
        Assert.Equal("""{"isPreparing":false}""", (await fixture.Root.GetAsync($"/reports/prepare/{_failedRun}")).Body);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Root.PostAsync($"/reports/prepare/{_failedRun}")).Status);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Root.GetAsync($"/reports/prepare/{_failedRun}")).Json.GetProperty("isPreparing").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "the preparation did not end in 30 s");
            await Task.Delay(100);
        }
        var (state, bundle) = (await fixture.QueryAsync<(string, string)>("SELECT state, bundle FROM report_preparations WHERE migration_id = @id",
            new { id = _failedRun })).Single();
        Assert.Equal("ready", state);
        Assert.True(File.Exists(Path.Combine(fixture.Platform.DataDir, "reports", _failedRun, bundle)));
    }

    [Fact]
    public async Task Download_without_a_valid_token_is_404_whatever_is_wrong()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Platform.ApiUrl) };

        foreach (var path in new[]
        {
            $"/reports/download/{_failedRun}", $"/reports/download/{_failedRun}?token=", $"/reports/download/{_failedRun}?token=wrong",
            $"/reports/download/{Guid.NewGuid()}?token=wrong", "/reports/download/not-a-guid?token=x",
        })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("not found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }
    }
}
