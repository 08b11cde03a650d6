using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class MigrationFlowTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_bucket_moves_through_the_form_and_its_progress_bars_reach_100_percent_without_reloading()
    {
        var store = gui.Store;
        var (source, keys) = await store.MakeBucketWithObjectsAsync("gui-src", count: 24, size: 48 * 1024);
        var destination = $"gui-dst-{Guid.NewGuid().ToString("N")[..8]}"; // created from the form below
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.ScreenshotAsync("migrations-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "New migration or sync" }).ClickAsync();
        await session.WaitInteractiveAsync();
        var sourceSection = page.Locator("fieldset#source");
        await Expect(sourceSection.GetByLabel("Endpoint URL")).ToHaveValueAsync(gui.Platform.S3Url); // the built-in store is the default
        await sourceSection.GetByLabel("Access key").FillAsync(gui.Platform.RootAccessKey);
        await sourceSection.GetByLabel("Secret key").FillAsync(gui.Platform.RootSecretKey);
        await sourceSection.GetByRole(AriaRole.Button, new() { Name = "Load buckets" }).ClickAsync();
        await sourceSection.GetByLabel(new Regex("^Pick one of the \\d+ found$")).SelectOptionAsync(source);
        await Expect(sourceSection.GetByLabel("Bucket", new() { Exact = true })).ToHaveValueAsync(source);
        await sourceSection.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(sourceSection.Locator("[data-test=connection-result]")).ToHaveTextAsync("Connection works: objects can be read.");

        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "Not_A_Bucket");
        var destinationSection = page.Locator("fieldset#destination");
        await destinationSection.GetByRole(AriaRole.Button, new() { Name = "Create bucket" }).ClickAsync();
        await Expect(destinationSection.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Could not create" })).ToContainTextAsync("bucket 'Not_A_Bucket' may hold only lowercase letters");
        await destinationSection.GetByLabel("Bucket", new() { Exact = true }).FillAsync(destination);
        await destinationSection.GetByRole(AriaRole.Button, new() { Name = "Create bucket" }).ClickAsync();
        await Expect(destinationSection.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Bucket {destination} is ready." })).ToBeVisibleAsync();
        await destinationSection.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(destinationSection.Locator("[data-test=connection-result]")).ToContainTextAsync("Connection works");
        await page.GetByLabel("Bandwidth limit", new() { Exact = true }).FillAsync("50");
        await page.GetByLabel("Bandwidth limit unit").SelectOptionAsync("MB/s");
        await session.ScreenshotAsync("new-migration");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        var id = Pages.MigrationIdOf(page);
        // Progress arrives over the open connection: the page is never reloaded.
        await Expect(Pages.Progress(page.Locator("main"), "bytes")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 60_000 });
        await Expect(Pages.Progress(page.Locator("main"), "files")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed");
        await Expect(page.Locator("[data-counter=filesCompleted]")).ToHaveTextAsync(keys.Count.ToString());
        await Expect(page.GetByText("Bandwidth limit")).ToBeVisibleAsync();
        await session.ScreenshotAsync("migration-detail");

        var copied = await store.ListAsync(destination);
        Assert.Equal(keys.Order(), copied.Keys.Order());
        Assert.All(copied.Values, size => Assert.Equal(48 * 1024, size));

        await page.GetByRole(AriaRole.Link, new() { Name = "Migrations", Exact = true }).ClickAsync();
        var row = Pages.Row(page, id);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await Expect(Pages.Progress(row, "bytes")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(row).ToContainTextAsync($"lyve: {source}");
        await Expect(row).ToContainTextAsync($"lyve: {destination}");
        await session.ScreenshotAsync("migrations-list-completed");
    }

    [Fact]
    public async Task A_by_time_sync_and_a_scheduled_migration_are_created_from_the_form()
    {
        var (source, keys) = await gui.Store.MakeBucketWithObjectsAsync("sync-src", count: 4, size: 2048);
        var destination = await gui.Store.MakeBucketAsync("sync-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();

        await session.GotoAsync("/ui/migrations/new");
        await page.GetByLabel("Incremental sync: copy what the destination lacks").CheckAsync();
        await page.GetByLabel("Sync mode").SelectOptionAsync("by-time");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sync" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        await Expect(page.Locator(".counters")).ToContainTextAsync("Sync (by-time)");
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        Assert.Equal(keys.Order(), (await gui.Store.ListAsync(destination)).Keys.Order());

        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        await page.GetByLabel("Run on a schedule instead of once now").CheckAsync();
        await page.GetByLabel("Cron schedule").FillAsync("0 3 * * *");
        await page.GetByLabel("Maximum number of runs (0 = unlimited)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        await Expect(page.Locator(".counters")).ToContainTextAsync("0 3 * * *, at most 5 runs");
        await Expect(page.Locator(".counters")).ToContainTextAsync("Migration, scheduled");
        await Expect(page.Locator("[data-test=next-run]")).ToContainTextAsync("03:00:00 UTC");
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Waiting");
    }
}
