using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transporter.Testing;
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
    public async Task A_mirror_sync_made_in_the_form_deletes_what_the_source_lacks_and_counts_it()
    {
        var (source, photos) = await gui.Store.MakeBucketWithObjectsAsync("mirror-src", count: 3, size: 1_000);
        var destination = await gui.Store.MakeBucketAsync("mirror-dst");
        var extra = await gui.Store.AddObjectsAsync(destination, "gone/", count: 2, size: 100);
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await page.GetByLabel("Incremental sync: copy what the destination lacks").CheckAsync();
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByLabel("Mirror: delete at the destination what the source no longer has").CheckAsync();
        await page.GetByLabel("Delete at most").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sync" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-counter=filesDeleted]")).ToHaveTextAsync(extra.Count.ToString());
        await Expect(page.Locator("[data-test=mirror]")).ToContainTextAsync("at most 2");
        await session.ScreenshotAsync("mirror-sync");
        Assert.Equal(photos.Order(), (await gui.Store.ListAsync(destination)).Keys.Order());
    }

    [Fact]
    public async Task A_bandwidth_timetable_typed_as_lines_is_shown_with_the_limit_in_force()
    {
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("timetable-src", count: 2, size: 1_000);
        var destination = await gui.Store.MakeBucketAsync("timetable-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);
        var timetable = page.GetByLabel("Bandwidth timetable (optional), one window per line");

        await timetable.FillAsync("Weekdays 08:00-18:00 10 MB/s");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page.Locator("[data-test=timetable-errors]")).ToContainTextAsync("bandwidthTimetable[0].days: 'Weekdays' is not a day");

        await timetable.FillAsync("Daily 00:00-24:00 2 MB/s\nSat,Sun 00:00-24:00 off");
        await page.GetByLabel("Timetable time zone").FillAsync("Europe/Berlin");
        await session.ScreenshotAsync("new-migration-timetable");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator("[data-test=timetable]")).ToContainTextAsync("Bandwidth timetable (Europe/Berlin)");
        await Expect(page.Locator("[data-test=timetable] li")).ToHaveTextAsync(["Daily 00:00-24:00 2 MB/s", "Sat,Sun 00:00-24:00 no limit", "otherwise the limit above"]);
        await Expect(page.Locator("[data-test=current-limit]")).ToHaveTextAsync("2 MB/s");
    }

    [Fact]
    public async Task A_webhook_set_in_the_form_receives_signed_events_listed_on_the_migration_page()
    {
        const string secret = "gui-webhook-secret-0123456789";
        await using var receiver = WebhookReceiver.Start(secret);
        var (source, _) = await gui.Store.MakeBucketWithObjectsAsync("hook-src", count: 2, size: 1_000);
        var destination = await gui.Store.MakeBucketAsync("hook-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByLabel("Webhook URL (optional)").FillAsync(receiver.Url);
        await page.GetByLabel("Webhook secret").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page.Locator("[data-test=webhook-errors]")).ToContainTextAsync("webhooks[0].secret must be at least 16 characters");
        await page.GetByLabel("Webhook secret").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        var received = await receiver.WaitAsync(r => r.Any(x => x.Event == "run.ended"), TimeSpan.FromSeconds(30));
        Assert.All(received, r => Assert.True(r.SignatureValid));
        await Expect(page.Locator("tr[data-event='run.ended'] [data-test=delivery-status]")).ToHaveTextAsync("delivered", new() { Timeout = 10_000 });
        await Expect(page.Locator("tr[data-event='run.started'] [data-test=delivery-status]")).ToHaveTextAsync("delivered");
        await session.ScreenshotAsync("migration-webhooks");
    }

    [Fact]
    public async Task A_plan_with_filters_counts_what_they_select_and_shows_its_estimate_with_the_assumptions()
    {
        var (source, photos) = await gui.Store.MakeBucketWithObjectsAsync("estimate-src", count: 5, size: 3_000);
        await gui.Store.AddObjectsAsync(source, "videos/", count: 2, size: 30_000);
        var destination = await gui.Store.MakeBucketAsync("estimate-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/plans");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByLabel("Include patterns, one per line").FillAsync("/photos/**");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/plans/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator("[data-test=plan-status]")).ToHaveTextAsync("ended", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-total=objects]")).ToHaveTextAsync(photos.Count.ToString());
        await Expect(page.Locator("[data-test=filters-summary]")).ToContainTextAsync("include /photos/**");
        await Expect(page.Locator("[data-test=estimate-time]")).ToHaveTextAsync("under a minute");
        await Expect(page.Locator("[data-test=estimate-cost]")).ToHaveTextAsync(new Regex(@"^USD \d+\.\d\d$"));
        // Measured on the GUI tests' earlier runs between the same types, or assumed when none ran yet.
        await Expect(page.Locator("[data-test=assumptions] li").First).ToHaveTextAsync(new Regex("^(speed measured on \\d+ earlier runs|no earlier run) lyve → lyve within one endpoint"));
        await Expect(page.Locator("[data-test=assumptions]")).ToContainTextAsync("prices from the default price table");
        await session.ScreenshotAsync("plan-estimate");
    }

    [Fact]
    public async Task Copy_every_version_ticked_in_the_form_copies_each_version_of_a_versioned_bucket()
    {
        var source = await gui.Store.MakeBucketAsync("versions-src");
        var destination = await gui.Store.MakeBucketAsync("versions-dst");
        foreach (var bucket in new[] { source, destination })
            (await gui.Store.RunAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled")).EnsureSuccess();
        await gui.Store.AddObjectsAsync(source, "docs/", count: 2, size: 100);
        await gui.Store.AddObjectsAsync(source, "docs/", count: 1, size: 200); // a second version of docs/000.bin
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination);

        await page.GetByLabel("Copy every version of each object").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();

        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-test=all-versions]")).ToBeVisibleAsync();
        var listed = (await gui.Store.RunAsync("s3api", "list-object-versions", "--bucket", destination, "--prefix", "docs/", "--output", "json")).EnsureSuccess();
        using var versions = System.Text.Json.JsonDocument.Parse(listed.StdOut);
        Assert.Equal(["docs/000.bin", "docs/000.bin", "docs/001.bin"],
            versions.RootElement.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Key").GetString()).Order(StringComparer.Ordinal));
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
