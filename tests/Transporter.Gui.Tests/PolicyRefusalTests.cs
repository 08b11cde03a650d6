using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>The GUI decides its actions with the caller's IAM policies, as the API does: a refused control shows the
/// refusal next to it and changes nothing.</summary>
[Collection(GuiCollection.Name)]
public sealed class PolicyRefusalTests(GuiPlatform gui)
{
    private const string Secret = "gui-policy-user-secret-00000000000000001";

    /// <summary>A new user of the "default" root whose one policy holds <paramref name="statements"/>.</summary>
    private async Task<(string Key, string UserName)> UserAsync(string statements)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var userName = $"gui-policy-{suffix}@example.com";
        var key = "GUIPOL" + suffix.ToUpperInvariant() + "0000";
        using var admin = new IdentityAdminClient(gui.Platform.ApiUrl, GuiPlatform.AdminToken);
        await admin.CreateUserAsync("default", userName, key, Secret);
        await admin.AttachPolicyAsync("default", userName, "gui-" + suffix, $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");
        return (key, userName);
    }

    [Fact]
    public async Task A_denied_pause_shows_the_refusal_next_to_the_control_and_the_migration_keeps_running()
    {
        var (key, _) = await UserAsync("""
            {"Effect":"Allow","Action":"transporter:*","Resource":"*"},
            {"Effect":"Deny","Action":"transporter:PauseMigration","Resource":"arn:transporter:::migration/*"}
            """);
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("deny-src", count: 20, size: 16 * 1024);
        var destination = await gui.Store.MakeBucketAsync("deny-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(key, Secret);
        var id = await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination, bandwidth: "4", unit: "KB/s", streamed: true);
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync(new Regex("^(Running|Source list completed)$"), new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();

        await Expect(page.Locator(".controls").GetByRole(AriaRole.Alert))
            .ToContainTextAsync("not authorized to perform: transporter:PauseMigration on resource: arn:transporter:::migration/" + id);
        await session.ScreenshotAsync("migration-pause-refused");
        using var root = TransporterApiClient.For(gui.Platform);
        var listed = (await root.GetAsync("/migrations")).Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.False(listed.GetProperty("paused").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsync($"/abort/{id}")).Status);
    }

    [Fact]
    public async Task A_user_who_may_only_read_is_refused_creating_a_migration_in_the_form()
    {
        var (key, userName) = await UserAsync("""{"Effect":"Allow","Action":["transporter:ListMigrations","transporter:GetMigration"],"Resource":"*"}""");
        var source = await gui.Store.MakeBucketAsync("read-src");
        var destination = await gui.Store.MakeBucketAsync("read-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(key, Secret);
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();

        await Expect(page.Locator(".error-list")).ToContainTextAsync("not authorized to perform: transporter:CreateMigration");
        Assert.EndsWith("/ui/migrations/new", page.Url);
        using var root = TransporterApiClient.For(gui.Platform);
        Assert.DoesNotContain((await root.GetAsync("/migrations")).Json.EnumerateArray(), m => m.GetProperty("username").GetString() == userName);
    }

    [Fact]
    public async Task A_user_whose_policies_do_not_allow_reading_sees_the_refusal_in_place_of_lists_details_and_statistics()
    {
        var (key, userName) = await UserAsync("""{"Effect":"Allow","Action":"transporter:CreateMigration","Resource":"*"}""");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(key, Secret);

        foreach (var (path, action, resource) in new[]
                 {
                     ("/ui/migrations", "ListMigrations", "arn:transporter:::migration/*"),
                     ("/ui/plans", "ListPlans", "arn:transporter:::plan/*"),
                     ("/ui/dashboard", "GetStats", "arn:transporter:::migration/*"),
                     ($"/ui/migrations/{Guid.Empty}", "GetMigration", $"arn:transporter:::migration/{Guid.Empty}"),
                     ($"/ui/plans/{Guid.Empty}", "GetPlan", $"arn:transporter:::plan/{Guid.Empty}"),
                 })
        {
            await session.GotoAsync(path);
            await Expect(page.Locator("[data-test=refusal]")).ToHaveTextAsync(
                $"User: {userName} is not authorized to perform: transporter:{action} on resource: {resource} because no policy allows it");
        }
        await session.ScreenshotAsync("read-refused");
    }
}
