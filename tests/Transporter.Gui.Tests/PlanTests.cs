using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class PlanTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_plan_counts_the_source_by_size_and_starts_the_migration_it_planned()
    {
        var (source, small) = await gui.Store.MakeBucketWithObjectsAsync("plan-src", count: 6, size: 2_000);
        var large = await gui.Store.AddObjectsAsync(source, "videos/", count: 3, size: 20_000);
        var destination = await gui.Store.MakeBucketAsync("plan-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        await session.WaitInteractiveAsync();
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/plans/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator("[data-test=plan-status]")).ToHaveTextAsync("ended", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-total=objects]")).ToHaveTextAsync((small.Count + large.Count).ToString());
        await Expect(page.Locator("[data-total=bytes]")).ToHaveTextAsync("72 KB");
        var bins = page.Locator("table.size-bins tbody tr");
        await Expect(bins).ToHaveCountAsync(12);
        await Expect(bins.Filter(new() { HasText = "1KB - 5KB" }).Locator("td")).ToHaveTextAsync(small.Count.ToString());
        await Expect(bins.Filter(new() { HasText = "10KB - 100KB" }).Locator("td")).ToHaveTextAsync(large.Count.ToString());
        await Expect(page.Locator("figure.chart svg rect")).ToHaveCountAsync(12);
        await session.ScreenshotAsync("plan-detail");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        Assert.Equal(small.Concat(large).Order(), (await gui.Store.ListAsync(destination)).Keys.Order());

        await page.GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        await session.WaitInteractiveAsync();
        await Expect(page.Locator("table.plans tbody tr").Filter(new() { HasText = source }).Locator(".state")).ToHaveTextAsync("ended");
        await session.ScreenshotAsync("plans");
    }
}
