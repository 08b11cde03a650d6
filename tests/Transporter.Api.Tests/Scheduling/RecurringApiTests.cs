using System.Net;
using System.Text.Json;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Core.Reports;
using Transporter.Core.Scheduling;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>Schedules through the API against the real platform: a crontab on POST /migrations, POST and DELETE
/// /recurring/migration/:id, what GET /migrations shows (schedule, Waiting, next fire time) and the Quartz triggers
/// stored in the platform database.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class RecurringApiTests(ApiPlatformFixture fixture)
{
    private Dictionary<string, object?> Scheduled(string spec, int maxRuns = 0)
    {
        var body = Endpoints.MigrationBody(fixture.Platform);
        body["crontab"] = new Dictionary<string, object> { ["spec"] = spec, ["maxRuns"] = maxRuns };
        return body;
    }

    private async Task<string> CreateAsync(Dictionary<string, object?> body)
    {
        var created = await fixture.Root.PostAsync("/migrations", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Json.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ListedAsync(string id) =>
        (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);

    private Task<IReadOnlyList<string>> CronExpressionsAsync(string id) => fixture.QueryAsync<string>(
        "SELECT c.CRON_EXPRESSION FROM QRTZ_CRON_TRIGGERS c JOIN QRTZ_TRIGGERS t ON t.SCHED_NAME = c.SCHED_NAME AND t.TRIGGER_NAME = c.TRIGGER_NAME " +
        "AND t.TRIGGER_GROUP = c.TRIGGER_GROUP WHERE t.JOB_NAME = @id ORDER BY c.TRIGGER_NAME", new { id });

    [Fact]
    public async Task A_crontab_makes_a_waiting_migration_with_its_schedule_and_next_fire_time()
    {
        var id = await CreateAsync(Scheduled("45 23 * * 6", maxRuns: 100));

        var entry = await ListedAsync(id);
        var schedule = entry.GetProperty("schedule");

        Assert.Equal((4, "Waiting"), (entry.GetProperty("state").GetInt32(), entry.GetProperty("stateDescription").GetString()));
        Assert.Equal(["description", "enabled", "maxRuns", "nextFireTime", "runs", "skippedRuns", "spec"],
            schedule.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("45 23 * * 6", 100, 0, true, 0), (schedule.GetProperty("spec").GetString(), schedule.GetProperty("maxRuns").GetInt32(),
            schedule.GetProperty("runs").GetInt32(), schedule.GetProperty("enabled").GetBoolean(), schedule.GetProperty("skippedRuns").GetInt32()));
        var expected = CronSpec.Parse("45 23 * * 6").GetNextOccurrence(DateTimeOffset.UtcNow, TimeZoneInfo.Utc)!.Value;
        Assert.Equal(UtcTimestamp.ToText(expected), schedule.GetProperty("nextFireTime").GetString());
        Assert.Equal("at 23:45 on Saturday (UTC)", schedule.GetProperty("description").GetString());
        Assert.Equal(["0 45 23 ? * 7"], await CronExpressionsAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.GetAsync($"/state/{id}")).Status);
    }

    [Theory]
    [InlineData("@hourly", new[] { "0 0 * * * ?" })]
    [InlineData("@weekly", new[] { "0 0 0 ? * 1" })]
    [InlineData("0,15,30,45 * * * *", new[] { "0 0,15,30,45 * * * ?" })]
    [InlineData("*/20 9-17 * * MON-FRI", new[] { "0 */20 9-17 ? * 2-6" })]
    [InlineData("30 6 1,15 * SUN", new[] { "0 30 6 1,15 * ?", "0 30 6 ? * 1" })]
    public async Task Each_spec_becomes_its_Quartz_triggers_in_the_platform_database(string spec, string[] expressions)
    {
        var id = await CreateAsync(Scheduled(spec));

        Assert.Equal(expressions, await CronExpressionsAsync(id));
        Assert.Equal(expressions, CronSpec.Parse(spec).ToQuartzExpressions());
    }

    [Fact]
    public async Task Post_recurring_sets_resets_disables_and_delete_removes_the_schedule()
    {
        var id = await CreateAsync(Scheduled("@daily", maxRuns: 3));

        var changed = await fixture.Root.PostAsync($"/recurring/migration/{id}", new { spec = "0,30 * * * *", maxRuns = 0 });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("0,30 * * * *", changed.Json.GetProperty("spec").GetString());
        Assert.Equal(["0 0,30 * * * ?"], await CronExpressionsAsync(id));
        var listed = await ListedAsync(id);
        Assert.Equal(("0,30 * * * *", 0), (listed.GetProperty("crontab").GetProperty("spec").GetString(), listed.GetProperty("crontab").GetProperty("maxRuns").GetInt32()));

        await fixture.QueryAsync<int>("UPDATE migration_schedules SET runs = 2 WHERE migration_id = @id", new { id });
        var reset = await fixture.Root.PostAsync($"/recurring/migration/{id}", new { spec = "0,30 * * * *", maxRuns = 5, runs = 0 });
        Assert.Equal(0, reset.Json.GetProperty("runs").GetInt32());

        var disabled = await fixture.Root.PostAsync($"/recurring/migration/{id}", new { spec = "0,30 * * * *", maxRuns = 5, enabled = false });
        Assert.False(disabled.Json.GetProperty("enabled").GetBoolean());
        Assert.False(disabled.Json.TryGetProperty("nextFireTime", out _));
        Assert.Empty(await CronExpressionsAsync(id));
        Assert.Equal(9, (await ListedAsync(id)).GetProperty("state").GetInt32());

        var deleted = await fixture.Root.SendAsync(HttpMethod.Delete, $"/recurring/migration/{id}", null);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        var after = await ListedAsync(id);
        Assert.False(after.TryGetProperty("schedule", out _));
        Assert.False(after.TryGetProperty("crontab", out _));
        Assert.Empty(await fixture.QueryAsync<string>("SELECT migration_id FROM migration_schedules WHERE migration_id = @id", new { id }));
    }

    [Fact]
    public async Task A_schedule_reaching_maxRuns_keeps_its_counts_but_loses_its_triggers()
    {
        var id = await CreateAsync(Scheduled("@daily", maxRuns: 2));

        var exhausted = await fixture.Root.PostAsync($"/recurring/migration/{id}", new { spec = "@daily", maxRuns = 2, runs = 2 });

        Assert.Equal(HttpStatusCode.OK, exhausted.Status);
        Assert.False(exhausted.Json.TryGetProperty("nextFireTime", out _));
        Assert.Empty(await CronExpressionsAsync(id));
        Assert.Equal(9, (await ListedAsync(id)).GetProperty("state").GetInt32());
    }

    [Theory]
    [InlineData("{\"maxRuns\":0}", "spec is required")]
    [InlineData("{\"spec\":\"@daily\"}", "maxRuns is required")]
    [InlineData("{\"spec\":\"61 * * * *\",\"maxRuns\":0}", "minute")]
    [InlineData("{\"spec\":\"* * * *\",\"maxRuns\":0}", "5 fields")]
    [InlineData("{\"spec\":\"@fortnightly\",\"maxRuns\":0}", "@fortnightly")]
    [InlineData("{\"spec\":\"@daily\",\"maxRuns\":-1}", "maxRuns must be 0")]
    [InlineData("{\"spec\":\"@daily\",\"maxRuns\":1,\"runs\":-2}", "runs must be 0")]
    [InlineData("{\"spec\":\"@daily\",\"maxRuns\":\"ten\"}", "not valid JSON")]
    public async Task Bad_schedules_are_refused_with_details_naming_the_problem(string body, string expected)
    {
        var id = await CreateAsync(Scheduled("@daily"));

        var response = await fixture.Root.PostAsync($"/recurring/migration/{id}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("bad request", response.Json.GetProperty("error").GetString());
        Assert.Contains(expected, response.Json.GetProperty("details").GetString());
        Assert.Equal("@daily", (await ListedAsync(id)).GetProperty("schedule").GetProperty("spec").GetString());
    }

    [Fact]
    public async Task Unknown_malformed_and_other_roots_migrations_are_refused()
    {
        var id = await CreateAsync(Scheduled("@daily"));
        var body = new { spec = "@hourly", maxRuns = 0 };

        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Root.PostAsync("/recurring/migration/nope", body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Root.PostAsync($"/recurring/migration/{Guid.NewGuid()}", body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.PostAsync($"/recurring/migration/{id}", body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Other.SendAsync(HttpMethod.Delete, $"/recurring/migration/{id}", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.User.PostAsync($"/recurring/migration/{id}", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Root.SendUnsignedAsync(HttpMethod.Post, $"/recurring/migration/{id}", "{}")).Status);
        Assert.Equal("@daily", (await ListedAsync(id)).GetProperty("schedule").GetProperty("spec").GetString());
    }
}
