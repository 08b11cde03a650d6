using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Transporter.Api.Access;
using Transporter.Api.Tests.Migrations;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Access;

/// <summary>
/// transporter:* actions decided by the users' IAM policies on every API endpoint: default deny for a user without
/// policies, a read-only policy reads but does not create or control, an explicit Deny beats an Allow, a resource names
/// one migration; a refusal is 403 {"error":"AccessDenied"} and changes nothing.
/// </summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class TransporterPolicyTests(ApiPlatformFixture fixture)
{
    private const string Secret = "policy-user-secret-key-000000000000000001";

    /// <summary>A new user of the "default" root with the given policy statements (none: no policy at all).</summary>
    private async Task<TransporterApiClient> UserAsync(params string[] statements)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var userName = $"policy-{suffix}@example.com";
        var key = "POL" + suffix.ToUpperInvariant() + "0000000";
        await fixture.Admin.CreateUserAsync("default", userName, key, Secret);
        if (statements.Length > 0)
            await fixture.Admin.AttachPolicyAsync("default", userName, "p-" + suffix,
                $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""");
        return new TransporterApiClient(fixture.Platform.ApiUrl, key, Secret);
    }

    private static string Statement(string effect, string actions, string resource = "*") =>
        $$"""{"Effect":"{{effect}}","Action":{{actions}},"Resource":"{{resource}}"}""";

    private static void AssertAccessDenied(ApiResponse response, string action)
    {
        Assert.True(response.Status == HttpStatusCode.Forbidden, response.ToString());
        Assert.Equal("AccessDenied", response.Json.GetProperty("error").GetString());
        Assert.Contains($"not authorized to perform: {action}", response.Json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_user_without_policies_is_refused_everything()
    {
        using var user = await UserAsync();

        AssertAccessDenied(await user.GetAsync("/migrations"), TransporterActions.ListMigrations);
        AssertAccessDenied(await user.GetAsync("/saved-buckets"), TransporterActions.ListSavedBuckets);
        AssertAccessDenied(await user.GetAsync("/plans"), TransporterActions.ListPlans);
        // The root user needs no policy.
        Assert.Equal(HttpStatusCode.OK, (await fixture.Root.GetAsync("/migrations")).Status);
    }

    [Fact]
    public async Task A_read_only_user_can_list_and_read_but_not_create_or_control_and_nothing_changes()
    {
        using var reader = await UserAsync(Statement("Allow", """["transporter:ListMigrations","transporter:GetMigration"]"""));
        var someId = Guid.NewGuid();
        var migrations = await fixture.CountRowsAsync("migrations");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/migrations")).Status);
        // Allowed, so the request reaches the handler: the migration does not exist (for this user).
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/state/{someId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/bandwidth/{someId}")).Status);

        AssertAccessDenied(await reader.PostAsync("/migrations", Endpoints.MigrationBody(fixture.Platform)), TransporterActions.CreateMigration);
        AssertAccessDenied(await reader.PostAsync("/sync", Endpoints.MigrationBody(fixture.Platform)), TransporterActions.CreateMigration);
        AssertAccessDenied(await reader.PostAsync($"/abort/{someId}"), TransporterActions.AbortMigration);
        AssertAccessDenied(await reader.PostAsync($"/retry/{someId}"), TransporterActions.RetryMigration);
        AssertAccessDenied(await reader.PostAsync($"/pause/{someId}", new { paused = true }), TransporterActions.PauseMigration);
        AssertAccessDenied(await reader.PostAsync("/bandwidth", new[] { new { migrationID = someId, bytesPerSecond = 1000 } }),
            TransporterActions.SetBandwidth);
        AssertAccessDenied(await reader.GetAsync($"/reports/errors/{someId}"), TransporterActions.GetReports);
        Assert.Equal(migrations, await fixture.CountRowsAsync("migrations"));
    }

    [Fact]
    public async Task An_explicit_deny_beats_an_allow_and_pause_and_resume_are_separate_actions()
    {
        using var user = await UserAsync(
            Statement("Allow", "\"transporter:*\""),
            Statement("Deny", """["transporter:ResumeMigration","transporter:TestStorage"]"""));

        var created = await user.PostAsync("/migrations", Endpoints.MigrationBody(fixture.Platform));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Json.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync($"/pause/{id}", new { paused = true })).Status);
        var resume = await user.PostAsync($"/pause/{id}", new { paused = false });
        AssertAccessDenied(resume, TransporterActions.ResumeMigration);
        Assert.Contains("explicit deny", resume.Json.GetProperty("details").GetString());
        var listed = (await user.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.True(listed.GetProperty("paused").GetBoolean());
        AssertAccessDenied(await user.PostAsync("/test-storage", new { }), TransporterActions.TestStorage);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Root.PostAsync($"/abort/{id}")).Status);
    }

    [Fact]
    public async Task A_resource_naming_one_migration_allows_that_one_only()
    {
        var allowed = Guid.NewGuid();
        using var user = await UserAsync(Statement("Allow", "\"transporter:GetMigration\"", $"arn:transporter:::migration/{allowed}"));

        // Any spelling of the id is the same resource.
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/state/{allowed.ToString().ToUpperInvariant()}")).Status);
        AssertAccessDenied(await user.GetAsync($"/state/{Guid.NewGuid()}"), TransporterActions.GetMigration);
        AssertAccessDenied(await user.GetAsync("/migrations"), TransporterActions.ListMigrations);
    }

    [Fact]
    public void Every_api_endpoint_names_a_documented_transporter_action()
    {
        var endpoints = fixture.Platform.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RequiredAction>() is not null).ToList();
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "iam.md"));

        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints name an action");
        foreach (var endpoint in endpoints)
            Assert.Contains(endpoint.Metadata.GetMetadata<RequiredAction>()!.Action, TransporterActions.All);
        foreach (var action in TransporterActions.All)
            Assert.Contains("`" + action + "`", docs);
        var paths = endpoints.Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        foreach (var (_, path) in AuthenticationTests.ApiRoutes.Select(row => ((string)row[0], (string)row[1])))
            Assert.Contains(path.Replace("926dd67a-5475-43b3-9f7e-c6f2d5177bf7", "{id}"), paths);
    }
}
