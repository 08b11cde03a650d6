using Microsoft.Playwright;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class TenantIsolationTests(GuiPlatform gui)
{
    [Fact]
    public async Task Another_roots_user_gets_a_not_found_page_for_the_migration_and_never_sees_it_listed()
    {
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("iso-src", count: 2, size: 1024);
        var destination = await gui.Store.MakeBucketAsync("iso-dst");
        await using var owner = await gui.NewSessionAsync();
        await owner.SignInAsRootAsync();
        var id = await MigrationForms.CreateStoreMigrationAsync(owner, gui, source, destination);

        var otherRoot = $"tenant-{Guid.NewGuid().ToString("N")[..8]}";
        var (key, secret) = ($"OTHER{Guid.NewGuid().ToString("N")[..15].ToUpperInvariant()}", "other-root-secret-key-000000000000000001");
        using (var admin = new IdentityAdminClient(gui.Platform.ApiUrl, GuiPlatform.AdminToken)) await admin.CreateRootAsync(otherRoot, key, secret);
        await using var stranger = await gui.NewSessionAsync();
        await stranger.SignInAsync(key, secret);
        await Expect(stranger.Page.Locator(".who")).ToContainTextAsync(otherRoot);
        await Expect(stranger.Page.Locator($"tr[data-migration='{id}']")).ToHaveCountAsync(0);

        await stranger.GotoAsync($"/ui/migrations/{id}");
        await Expect(stranger.Page.GetByRole(AriaRole.Heading, new() { Name = "Migration not found" })).ToBeVisibleAsync();
        await Expect(stranger.Page.Locator("main")).Not.ToContainTextAsync(source);
        await stranger.ScreenshotAsync("migration-not-found");

        var missing = await stranger.Page.GotoAsync("/ui/no-such-page");
        Assert.Equal(404, missing!.Status);
        await Expect(stranger.Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
    }
}
