using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class MigrationControlTests(GuiPlatform gui)
{
    /// <summary>The states of a run whose objects are being copied.</summary>
    private static readonly Regex Copying = new("^(Running|Source list completed)$");

    [Fact]
    public async Task A_slow_migration_is_paused_resumed_and_released_from_its_bandwidth_limit_to_finish()
    {
        var (source, keys) = await gui.Store.MakeBucketWithObjectsAsync("ctl-src", count: 30, size: 16 * 1024);
        var destination = await gui.Store.MakeBucketAsync("ctl-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination, bandwidth: "20", unit: "KB/s", streamed: true);
        var state = page.Locator(".page-head .state");
        await Expect(page.Locator(".controls").GetByRole(AriaRole.Button, new() { Name = "Bandwidth: 20 KB/s" })).ToBeVisibleAsync();
        await Expect(state).ToHaveTextAsync(Copying, new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(state).ToHaveTextAsync("Paused");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Paused." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true })).ToHaveCountAsync(0);
        await session.ScreenshotAsync("migration-paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(state).Not.ToHaveTextAsync("Paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bandwidth: 20 KB/s" }).ClickAsync();
        await page.GetByLabel("New limit", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set limit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No bandwidth limit." })).ToBeVisibleAsync();

        await Expect(state).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(Pages.Progress(page.Locator("main"), "bytes")).ToHaveAttributeAsync("aria-valuenow", "100");
        Assert.Equal(keys.Order(), (await gui.Store.ListAsync(destination)).Keys.Order());
    }

    [Fact]
    public async Task An_aborted_migration_is_terminated_and_retry_runs_it_again()
    {
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("abort-src", count: 20, size: 16 * 1024);
        var destination = await gui.Store.MakeBucketAsync("abort-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        var id = await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination, bandwidth: "4", unit: "KB/s", streamed: true);
        var state = page.Locator(".page-head .state");
        await Expect(state).ToHaveTextAsync(Copying, new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Abort", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Abort this run?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort now" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("Terminated");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true })).ToHaveCountAsync(0);

        await session.GotoAsync("/ui/migrations");
        var row = Pages.Row(page, id);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Terminated");
        await row.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Status)).ToHaveTextAsync("Retrying the failed objects.");
        await Expect(row.Locator(".state")).Not.ToHaveTextAsync("Terminated");
        await session.ScreenshotAsync("migrations-list-retry");
    }

    [Fact]
    public async Task Aborting_a_migration_that_ended_meanwhile_is_accepted_and_changes_nothing_as_in_the_API()
    {
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("abort-ended-src", count: 20, size: 16 * 1024);
        var destination = await gui.Store.MakeBucketAsync("abort-ended-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        var id = await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination, bandwidth: "4", unit: "KB/s", streamed: true);
        var state = page.Locator(".page-head .state");
        await Expect(state).ToHaveTextAsync(Copying, new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Abort this run?")).ToBeVisibleAsync();

        // The run ends (aborted through the API) while the GUI still asks for confirmation.
        using var api = new TransporterApiClient(gui.Platform.ApiUrl, gui.Platform.RootAccessKey, gui.Platform.RootSecretKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsync($"/abort/{id}")).Status);
        await Expect(state).ToHaveTextAsync("Terminated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort now" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "nothing to abort" }))
            .ToHaveTextAsync("The migration had already ended (Terminated); there was nothing to abort.");
        await Expect(state).ToHaveTextAsync("Terminated");
        // A second abort through the API answers the same.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsync($"/abort/{id}")).Status);
    }
}
