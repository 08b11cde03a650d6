using System.Net;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Migrations;

/// <summary>A migration belongs to its root and user: another root's caller gets 404 for it everywhere and never sees
/// it listed; a user who is not the root user sees only its own migrations, the root user sees all of its root.</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class TenantIsolationTests(ApiPlatformFixture fixture)
{
    private async Task<string> CreateScheduledAsync(TransporterApiClient client)
    {
        var body = Endpoints.MigrationBody(fixture.Platform);
        body["crontab"] = new Dictionary<string, object> { ["spec"] = "@weekly" };
        var created = await client.PostAsync("/migrations?bandwidth-limit=4000", body);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Another_roots_caller_gets_404_on_every_endpoint_and_changes_nothing()
    {
        var id = await CreateScheduledAsync(fixture.Root);
        var other = fixture.Other;

        var answers = new Dictionary<string, ApiResponse>
        {
            ["state"] = await other.GetAsync($"/state/{id}"),
            ["abort"] = await other.PostAsync($"/abort/{id}"),
            ["retry"] = await other.PostAsync($"/retry/{id}"),
            ["pause"] = await other.PostAsync($"/pause/{id}", new { paused = true }),
            ["sync from"] = await other.PostAsync($"/sync/{id}"),
            ["get bandwidth"] = await other.GetAsync($"/bandwidth/{id}"),
            ["set bandwidth"] = await other.PostAsync("/bandwidth", new[] { new { migrationID = id, bytesPerSecond = 1000 } }),
        };

        foreach (var (name, response) in answers)
        {
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{name}: {response}");
            Assert.Equal("not found", response.Json.GetProperty("error").GetString());
        }
        var listed = (await other.GetAsync("/migrations")).Json.EnumerateArray().Select(m => m.GetProperty("id").GetString());
        Assert.DoesNotContain(id, listed);
        var mine = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.False(mine.GetProperty("paused").GetBoolean());
        Assert.Equal(4000, mine.GetProperty("bandwidthLimit").GetInt64());
        Assert.Equal(1, (await fixture.QueryAsync<long>("SELECT COUNT(*) FROM migrations WHERE id = @id", new { id }))[0]);
        Assert.Empty(await fixture.QueryAsync<string>("SELECT id FROM migrations WHERE parent_id = @id", new { id }));
    }

    [Fact]
    public async Task A_user_sees_its_own_migrations_and_the_root_user_sees_all_of_its_root()
    {
        var rootOwned = await CreateScheduledAsync(fixture.Root);
        var userOwned = await CreateScheduledAsync(fixture.User);
        var otherOwned = await CreateScheduledAsync(fixture.Other);

        var userList = (await fixture.User.GetAsync("/migrations")).Json.EnumerateArray().ToList();
        var rootList = (await fixture.Root.GetAsync("/migrations")).Json.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();

        Assert.Contains(userList, m => m.GetProperty("id").GetString() == userOwned && m.GetProperty("username").GetString() == ApiPlatformFixture.UserName);
        Assert.All(userList, m => Assert.Equal(ApiPlatformFixture.UserName, m.GetProperty("username").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.User.GetAsync($"/bandwidth/{rootOwned}")).Status);
        Assert.Contains(rootOwned, rootList);
        Assert.Contains(userOwned, rootList);
        Assert.DoesNotContain(otherOwned, rootList);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Root.GetAsync($"/bandwidth/{userOwned}")).Status);
    }
}
