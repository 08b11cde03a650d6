using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>The migration controls beyond the spec (docs/migration-controls.md) as a user sets them in the GUI.</summary>
[Collection(GuiCollection.Name)]
public sealed class ControlsTests(GuiPlatform gui)
{
    [Fact]
    public async Task Filters_typed_in_the_new_migration_form_select_what_is_copied_and_show_on_its_page()
    {
        var (source, photos) = await gui.Store.MakeBucketWithObjectsAsync("filters-src", count: 4, size: 2_000);
        var videos = await gui.Store.AddObjectsAsync(source, "videos/", count: 2, size: 20_000);
        var destination = await gui.Store.MakeBucketAsync("filters-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByLabel("Include patterns, one per line").FillAsync("/videos/**\n/photos/00[01].bin");
        await page.GetByLabel("Minimum size", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("Minimum size unit").SelectOptionAsync("KB");
        await session.ScreenshotAsync("new-migration-filters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-counter=filesFound]")).ToHaveTextAsync(videos.Count.ToString());
        await Expect(page.Locator("[data-test=filters-summary]")).ToContainTextAsync("include /videos/**, /photos/00[01].bin");
        await Expect(page.Locator("[data-test=filters-summary]")).ToContainTextAsync("at least 10 KB");
        Assert.Equal(videos.Order(), (await gui.Store.ListAsync(destination)).Keys.Order());
        Assert.Equal(4, photos.Count);
    }

    [Fact]
    public async Task A_plan_with_a_malformed_pattern_is_refused_next_to_the_filters()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/plans");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "any-source");
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "any-destination");
        var before = await page.Locator("table.plans tbody tr").CountAsync();

        await page.GetByLabel("Exclude patterns, one per line").FillAsync("*.{tmp,bak");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();

        await Expect(page.Locator("[data-test=filters] [role=alert]")).ToContainTextAsync("filters.exclude[0]: '*.{tmp,bak' is not a valid glob");
        await Expect(page).ToHaveURLAsync(new Regex("/ui/plans$"));
        Assert.Equal(before, await page.Locator("table.plans tbody tr").CountAsync());
    }
}
