using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class MobileLayoutTests(GuiPlatform gui)
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task At_390_pixels_the_pages_fit_the_screen_and_a_migration_can_be_created_and_watched()
    {
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("phone-src", count: 3, size: 4096);
        var destination = await gui.Store.MakeBucketAsync("phone-dst");
        await using var session = await gui.NewSessionAsync(PhoneWidth, 844);
        var page = session.Page;
        await session.SignInAsRootAsync();

        var id = await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination);
        await Expect(Pages.Progress(page.Locator("main"), "files")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 60_000 });
        await AssertFitsAsync(page);
        await session.ScreenshotAsync("phone-migration-detail");

        await session.GotoAsync("/ui/migrations");
        var row = Pages.Row(page, id);
        await Expect(row.Locator(".state")).ToBeVisibleAsync();
        await Expect(Pages.Progress(row, "bytes")).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await AssertFitsAsync(page);
        await session.ScreenshotAsync("phone-migrations-list");

        await session.GotoAsync("/ui/migrations/new");
        await AssertFitsAsync(page);
        await session.ScreenshotAsync("phone-new-migration");
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {{PhoneWidth}} + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + '[' + (e.textContent || '').trim().slice(0, 30) + '] parent ' + e.parentElement.className)
            """);
        Assert.True(width <= PhoneWidth, $"the page is {width}px wide at a {PhoneWidth}px screen; too wide: {string.Join(", ", wide)}");
    }
}
