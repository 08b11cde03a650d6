using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Transporter.Core.Persistence;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Api.Tests.Reports;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Stats;

/// <summary>
/// The statistics endpoints on the real platform process over a real run: a fresh root (so its totals are exactly
/// this run's) copies 20 objects between two of its buckets with enableStatistics; every answer is checked against
/// the run's GET /state counters.
/// </summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class StatsApiTests(ApiPlatformFixture fixture) : IAsyncLifetime
{
    private const string Secret = "stats-root-secret-key-000000000000000001";
    private TransporterApiClient _api = null!;
    private TransporterApiClient _user = null!;
    private string _id = null!;
    private (long Found, long Completed, long Failed, long Bytes) _state;
    private long _from;
    private long _to;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var key = "STATS" + suffix.ToUpperInvariant() + "00000";
        await fixture.Admin.CreateRootAsync("stats-" + suffix, key, Secret);
        await fixture.Admin.CreateUserAsync("stats-" + suffix, "bob@example.com", "BOB" + suffix.ToUpperInvariant() + "0000000", Secret);
        await fixture.Admin.AllowTransporterAsync("stats-" + suffix, "bob@example.com");
        _api = new TransporterApiClient(fixture.Platform.ApiUrl, key, Secret);
        _user = new TransporterApiClient(fixture.Platform.ApiUrl, "BOB" + suffix.ToUpperInvariant() + "0000000", Secret);
        using var s3 = S3ClientFactory.For(fixture.Platform.S3Url, key, Secret);
        var source = await ApiRuns.NewBucketAsync(s3, "stats-src", 20, i => 1000 + i);
        var destination = await ApiRuns.NewBucketAsync(s3, "stats-dst", 0, _ => 0);
        _from = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60;
        _id = await ApiRuns.CreateAsync(_api, new
        {
            source = ApiRuns.Endpoint(fixture.Platform.S3Url, key, Secret, source),
            destination = ApiRuns.Endpoint(fixture.Platform.S3Url, key, Secret, destination),
            enableStatistics = true,
        });
        var state = await ApiRuns.WaitForEndAsync(_api, _id);
        _to = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        _state = (state.GetProperty("filesFound").GetInt64(), state.GetProperty("filesCompleted").GetInt64(), state.GetProperty("filesFailed").GetInt64(),
            state.GetProperty("bytesTransmitted").GetInt64());
        Assert.Equal((20L, 20L, 0L, Enumerable.Range(0, 20).Sum(i => 1000L + i)), _state);
    }

    public Task DisposeAsync()
    {
        _api.Dispose();
        _user.Dispose();
        return Task.CompletedTask;
    }

    private static (long, long, long, long) Sums(JsonElement answer)
    {
        var points = answer.GetProperty("points").EnumerateArray().ToList();
        return (points.Sum(p => p.GetProperty("filesFound").GetInt64()), points.Sum(p => p.GetProperty("filesTransferred").GetInt64()),
            points.Sum(p => p.GetProperty("filesFailed").GetInt64()), points.Sum(p => p.GetProperty("bytesTransferred").GetInt64()));
    }

    [Fact]
    public async Task Points_of_the_run_sum_to_its_counters_at_any_aggregation_and_for_the_whole_root()
    {
        var perMinute = await _api.PostAsync($"/stats/migration/{_id}", new { from = _from, to = _to, aggregateTime = 60 });
        var defaulted = await _api.PostAsync($"/stats/migration/{_id}", new { from = _from, to = _to });
        var hourly = await _api.PostAsync($"/stats/migration/{_id}", new { from = _from, to = _to, aggregateTime = 3600 });
        var root = await _api.PostAsync("/stats/migration", new { from = _from, to = _to, aggregateTime = 120 });
        var rootSlash = await _api.PostAsync("/stats/migration/", new { from = _from, to = _to });
        var before = await _api.PostAsync($"/stats/migration/{_id}", new { from = _from - 7200, to = _from - 3600 });

        Assert.Equal(HttpStatusCode.OK, perMinute.Status);
        Assert.StartsWith("application/json", perMinute.ContentType);
        Assert.Equal(_state, Sums(perMinute.Json));
        Assert.Equal(perMinute.Body, defaulted.Body);
        Assert.Equal(_state, Sums(hourly.Json));
        Assert.InRange(hourly.Json.GetProperty("points").GetArrayLength(), 1, 2);
        Assert.Equal(_state, Sums(root.Json));
        Assert.Equal(_state, Sums(rootSlash.Json));
        Assert.Equal("""{"points":[]}""", before.Body);
        foreach (var point in perMinute.Json.GetProperty("points").EnumerateArray())
        {
            Assert.Equal(["bytesTransferred", "filesFailed", "filesFound", "filesTransferred", "ts"], point.EnumerateObject().Select(p => p.Name).Order());
            var ts = DateTimeOffset.Parse(point.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);
            Assert.EndsWith("Z", point.GetProperty("ts").GetString());
            Assert.Equal(0, ts.ToUnixTimeSeconds() % 60);
            Assert.InRange(ts.ToUnixTimeSeconds(), _from - 60, _to);
        }
    }

    [Fact]
    public async Task Thousands_of_points_stream_out_as_one_valid_document()
    {
        // 2,500 minutes of seeded activity a week before the run: more than the writer holds before it starts sending.
        var weekAgo = (_from - 7 * 24 * 3600) / 60 * 60;
        var db = Database.Sqlite(Path.Combine(fixture.Platform.DataDir, "transporter.db"));
        await using (var connection = await db.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var root = await connection.QuerySingleAsync<string>("SELECT root FROM migrations WHERE id = @id", new { id = _id }, tx);
            for (var i = 0; i < 2500; i++)
                await connection.ExecuteAsync("""
                    INSERT INTO migration_stats (migration_id, root, minute, files_found, files_transferred, files_failed, bytes_transferred)
                    VALUES (@id, @root, @minute, 1, 1, 0, @bytes)
                    """, new { id = _id, root, minute = (weekAgo + i * 60) * 1000, bytes = i }, tx);
            await tx.CommitAsync();
        }

        var response = await _api.PostAsync($"/stats/migration/{_id}", new { from = weekAgo, to = weekAgo + 2500 * 60 - 1 });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var points = response.Json.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2500, points.Count);
        Assert.Equal((2500L, 2500L, 0L, 2499L * 2500 / 2), Sums(response.Json));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(weekAgo + 2499 * 60),
            DateTimeOffset.Parse(points[^1].GetProperty("ts").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_dashboard_counts_the_run_as_egress_and_ingress_of_its_endpoint_type()
    {
        var dashboard = await _api.PostAsync("/stats/dashboard", new { from = _from, to = _to });
        var slash = await _api.PostAsync("/stats/dashboard/", new { from = _from, to = _to });

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        var json = dashboard.Json;
        var s3v4 = json.GetProperty("csp").GetProperty("s3v4");
        Assert.Single(json.GetProperty("csp").EnumerateObject());
        Assert.Equal((_state.Bytes, _state.Bytes), (s3v4.GetProperty("egress").GetInt64(), s3v4.GetProperty("ingress").GetInt64()));
        var totals = json.GetProperty("totals");
        Assert.Equal(_state, (totals.GetProperty("filesFound").GetInt64(), totals.GetProperty("filesTransferred").GetInt64(),
            totals.GetProperty("filesFailed").GetInt64(), totals.GetProperty("bytesTransferred").GetInt64()));
        Assert.Equal(dashboard.Body, slash.Body);
    }

    [Fact]
    public async Task Last_speed_counts_the_run_within_the_window_and_says_how_long_it_is()
    {
        var migration = await _api.GetAsync($"/stats/last-speed/{_id}");
        var root = await _api.GetAsync("/stats/last-speed?minutes=60");
        var rootSlash = await _api.GetAsync("/stats/last-speed/?minutes=15");

        Assert.Equal(HttpStatusCode.OK, migration.Status);
        Assert.Equal(["bytes", "interval_sec", "objects"], migration.Json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((_state.Completed, _state.Bytes), (migration.Json.GetProperty("objects").GetInt64(), migration.Json.GetProperty("bytes").GetInt64()));
        Assert.InRange(migration.Json.GetProperty("interval_sec").GetInt32(), 900, 959);
        Assert.Equal((_state.Completed, _state.Bytes), (root.Json.GetProperty("objects").GetInt64(), root.Json.GetProperty("bytes").GetInt64()));
        Assert.InRange(root.Json.GetProperty("interval_sec").GetInt32(), 3600, 3659);
        Assert.Equal(_state.Completed, rootSlash.Json.GetProperty("objects").GetInt64());
    }

    [Fact]
    public async Task The_lyve_service_header_selects_transporter_or_snap_and_refuses_anything_else()
    {
        var body = new { from = _from, to = _to };
        var quoted = await _api.PostAsync($"/stats/migration/{_id}", body, new Dictionary<string, string> { ["X-Lyve-Service"] = "\"transporter\"" });
        var plain = await _api.PostAsync($"/stats/migration/{_id}", body, new Dictionary<string, string> { ["X-Lyve-Service"] = "transporter" });
        var snap = await _api.PostAsync($"/stats/migration/{_id}", body, new Dictionary<string, string> { ["X-Lyve-Service"] = "snap" });
        var snapDashboard = await _api.PostAsync("/stats/dashboard", body, new Dictionary<string, string> { ["X-Lyve-Service"] = "snap" });
        var other = await _api.PostAsync($"/stats/migration/{_id}", body, new Dictionary<string, string> { ["X-Lyve-Service"] = "lyve-mobile" });
        var otherSpeed = await _api.GetAsync("/stats/last-speed", new Dictionary<string, string> { ["X-Lyve-Service"] = "s3" });

        Assert.Equal(_state, Sums(quoted.Json));
        Assert.Equal(_state, Sums(plain.Json));
        Assert.Equal("""{"points":[]}""", snap.Body);
        Assert.Equal(0, snapDashboard.Json.GetProperty("totals").GetProperty("bytesTransferred").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Contains("X-Lyve-Service", other.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, otherSpeed.Status);
    }

    [Theory]
    [InlineData("""{"to": 1700000000}""", "\"from\"")]
    [InlineData("""{"from": 1700000000}""", "\"to\"")]
    [InlineData("""{"from": 1700000600, "to": 1700000000}""", "after")]
    [InlineData("""{"from": -5, "to": 1700000000}""", "\"from\"")]
    [InlineData("""{"from": 1700000000, "to": 1700000600, "aggregateTime": 90}""", "aggregateTime")]
    [InlineData("""{"from": 1700000000, "to": 1700000600, "aggregateTime": 0}""", "aggregateTime")]
    [InlineData("""{"from": 1700000000, "to": 1700000600, "aggregateTime": -60}""", "aggregateTime")]
    [InlineData("""{"from": "yesterday", "to": 1700000600}""", "not valid JSON")]
    [InlineData("""{"from": 1.5, "to": 1700000600}""", "not valid JSON")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task Bad_ranges_are_refused_with_400(string body, string named)
    {
        var migration = await _api.PostAsync($"/stats/migration/{_id}", body);
        var root = await _api.PostAsync("/stats/migration", body);

        Assert.Equal(HttpStatusCode.BadRequest, migration.Status);
        Assert.Equal("bad request", migration.Json.GetProperty("error").GetString());
        Assert.Contains(named, migration.Json.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, root.Status);
    }

    [Theory]
    [InlineData("?minutes=61")]
    [InlineData("?minutes=0")]
    [InlineData("?minutes=abc")]
    [InlineData("?minutes=5&minutes=6")]
    public async Task Last_speed_refuses_minutes_outside_one_to_sixty(string query)
    {
        var response = await _api.GetAsync($"/stats/last-speed/{_id}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("minutes", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Other_callers_see_nothing_of_this_root()
    {
        var range = new { from = _from, to = _to };

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.PostAsync($"/stats/migration/{_id}", range)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.GetAsync($"/stats/last-speed/{_id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _user.PostAsync($"/stats/migration/{_id}", range)).Status);
        Assert.Equal("""{"points":[]}""", (await _user.PostAsync("/stats/migration", range)).Body);
        Assert.Equal(0, (await _user.PostAsync("/stats/dashboard", range)).Json.GetProperty("totals").GetProperty("filesFound").GetInt64());
        Assert.Equal(0, (await _user.GetAsync("/stats/last-speed")).Json.GetProperty("objects").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.PostAsync("/stats/migration/not-an-id", range)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.SendUnsignedAsync(HttpMethod.Post, "/stats/dashboard", """{"from":0,"to":1}""")).Status);
    }
}
