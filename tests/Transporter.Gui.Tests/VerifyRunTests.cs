using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>A verify-only run started from the new-migration form (kind verify, deep): it copies nothing, and its page
/// lists the objects that do not match with their verify result and both ends' checksums.</summary>
[Collection(GuiCollection.Name)]
public sealed class VerifyRunTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_deep_verify_from_the_form_shows_missing_differing_and_extra_objects_with_their_checksums()
    {
        var store = gui.Store;
        var (source, _) = await store.MakeBucketWithObjectsAsync("verify-src", count: 3, size: 4096);
        var destination = await store.MakeBucketAsync("verify-dst");
        // photos/000.bin matches; photos/001.bin has other bytes of the same size; photos/002.bin is missing; extra.bin is extra.
        (await store.RunAsync("s3", "cp", $"s3://{source}/photos/000.bin", $"s3://{destination}/photos/000.bin")).EnsureSuccess();
        (await store.RunAsync("s3", "cp", $"s3://{source}/photos/000.bin", $"s3://{destination}/photos/001.bin")).EnsureSuccess();
        (await store.RunAsync("s3", "cp", $"s3://{source}/photos/002.bin", $"s3://{destination}/extra.bin")).EnsureSuccess();
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();

        await session.GotoAsync("/ui/migrations/new");
        await page.GetByLabel("Verify only: compare the two ends, copy nothing").CheckAsync();
        await page.GetByLabel(new Regex("^Deep: read both ends")).CheckAsync();
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start verify" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        await Expect(page.Locator(".counters")).ToContainTextAsync("Verify (deep)");
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed with errors", new() { Timeout = 60_000 });
        var table = page.Locator("table.failed-objects");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await session.ScreenshotAsync("verify-run");

        var differs = table.Locator("tbody tr", new() { HasText = "photos/001.bin" });
        await Expect(differs.Locator("[data-column=verifyResult]")).ToHaveTextAsync("differs");
        await Expect(differs.Locator("[data-column=sourceChecksum]")).ToHaveTextAsync(new Regex("^MD5 [0-9a-f]{32}$"));
        await Expect(differs.Locator("[data-column=destinationChecksum]")).ToHaveTextAsync(new Regex("^MD5 [0-9a-f]{32}$"));
        Assert.NotEqual(await differs.Locator("[data-column=sourceChecksum]").TextContentAsync(),
            await differs.Locator("[data-column=destinationChecksum]").TextContentAsync());
        var missing = table.Locator("tbody tr", new() { HasText = "photos/002.bin" });
        await Expect(missing.Locator("[data-column=verifyResult]")).ToHaveTextAsync("missing");
        await Expect(missing).ToContainTextAsync("missing at the destination");
        await Expect(missing.Locator("[data-column=destinationChecksum]")).ToHaveTextAsync("—");
        var extra = table.Locator("tbody tr", new() { HasText = "extra.bin" });
        await Expect(extra.Locator("[data-column=verifyResult]")).ToHaveTextAsync("extra");
        await Expect(extra.Locator("[data-column=sourceChecksum]")).ToHaveTextAsync("—");

        // Nothing was copied: the destination holds what it held.
        Assert.Equal(["extra.bin", "photos/000.bin", "photos/001.bin"], (await store.ListAsync(destination)).Keys.Order());
    }
}
