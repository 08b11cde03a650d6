using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transporter.Api.Tests.Migrations.Fixtures;

namespace Transporter.Api.Tests.Migrations;

/// <summary>A migration's bandwidth timetable through the API: stored as posted, listed with the limit in force now;
/// GET /bandwidth keeps answering the migration's own limit (the one in force outside every window).</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class TimetableApiTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task A_timetable_is_listed_with_the_limit_in_force_now()
    {
        var body = JsonNode.Parse(JsonSerializer.Serialize(Endpoints.MigrationBody(fixture.Platform)))!.AsObject();
        // A schedule keeps the migration from starting; a window around the clock is in force whenever the test runs.
        body["crontab"] = new JsonObject { ["spec"] = "@daily" };
        body["bandwidthTimetable"] = JsonNode.Parse("""
            [{"days":"Sat,Sun","from":"00:00","to":"24:00","limit":0},{"days":"Daily","from":"00:00","to":"24:00","limit":7000}]
            """);
        body["timeZone"] = "Asia/Tokyo";

        var created = await fixture.Root.PostAsync("/migrations?bandwidth-limit=5000", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        var listed = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        var weekend = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DayOfWeek
            is DayOfWeek.Saturday or DayOfWeek.Sunday;

        Assert.Equal("""[{"days":"Sat,Sun","from":"00:00","to":"24:00","limit":0},{"days":"Daily","from":"00:00","to":"24:00","limit":7000}]""",
            listed.GetProperty("bandwidthTimetable").GetRawText());
        Assert.Equal("Asia/Tokyo", listed.GetProperty("timeZone").GetString());
        Assert.Equal(5000, listed.GetProperty("bandwidthLimit").GetInt64());
        Assert.Equal(weekend ? 0 : 7000, listed.GetProperty("currentBandwidthLimit").GetInt64());
        Assert.Equal(5000, (await fixture.Root.GetAsync($"/bandwidth/{id}")).Json.GetProperty("bytesPerSecond").GetInt64());
    }
}
