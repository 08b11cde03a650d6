using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>The new-migration form offers the root's saved buckets (POST /add-mod-del-bucket): picking one replaces the
/// storage, endpoint, bucket and key fields, and the migration copies from the entry.</summary>
[Collection(GuiCollection.Name)]
public sealed class SavedBucketFormTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_migration_from_a_saved_bucket_picked_in_the_form_copies_it()
    {
        var (source, keys) = await gui.Store.MakeBucketWithObjectsAsync("gui-saved-src", count: 3, size: 2048);
        var destination = await gui.Store.MakeBucketAsync("gui-saved-dst");
        using (var api = TransporterApiClient.For(gui.Platform))
        {
            var saved = await api.PostAsync("/add-mod-del-bucket", new Dictionary<string, string>
            {
                ["op"] = "add", ["bucketname"] = source, ["cloud"] = "minio", ["endpoint"] = gui.Platform.S3Url,
                ["accessKeyId"] = gui.Platform.RootAccessKey, ["secretAccessKey"] = gui.Platform.RootSecretKey,
            });
            Assert.True(saved.Status == HttpStatusCode.OK, saved.ToString());
        }
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsRootAsync();
        var page = session.Page;
        await session.GotoAsync("/ui/migrations/new");

        var sourceSection = await Pages.PickSavedBucketAsync(page, "source", source);
        await Expect(sourceSection.GetByLabel("Storage type")).ToHaveCountAsync(0);
        await Expect(sourceSection.GetByLabel("Access key")).ToHaveCountAsync(0);
        await sourceSection.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(sourceSection.Locator("[data-test=connection-result]")).ToContainTextAsync("Connection works");
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        await session.ScreenshotAsync("new-migration-saved-bucket");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        var copied = await gui.Store.ListAsync(destination);
        Assert.Equal(keys.Order(), copied.Keys.Order());
    }
}
