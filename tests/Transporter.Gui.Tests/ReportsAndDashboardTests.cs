using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Playwright;
using Transporter.Testing;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class ReportsAndDashboardTests(GuiPlatform gui)
{
    [Fact]
    public async Task Failed_objects_are_paged_and_filtered_reports_are_prepared_and_downloaded_and_the_dashboard_counts_the_traffic()
    {
        const int count = 40, inFlight = 16, size = 8 * 1024;
        var (source, keys) = await gui.Store.MakeBucketWithObjectsAsync("rep-src", count, size);
        var destination = await gui.Store.MakeBucketAsync("rep-dst");
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        // Slow enough that the copies started first are still running when the rest of the listed objects disappear.
        await MigrationForms.CreateStoreMigrationAsync(session, gui, source, destination, bandwidth: "8", unit: "KB/s", streamed: true);
        await Expect(page.Locator("[data-counter=filesFound]")).ToHaveTextAsync(count.ToString());
        var vanished = keys.Skip(inFlight).ToList();
        (await gui.Store.RunAsync(["s3", "rm", $"s3://{source}/photos/", "--recursive", "--exclude", "*",
            .. vanished.SelectMany(k => new[] { "--include", k["photos/".Length..] }), "--only-show-errors"])).EnsureSuccess();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bandwidth: 8 KB/s" }).ClickAsync();
        await page.GetByLabel("New limit", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set limit" }).ClickAsync();

        await Expect(page.Locator(".page-head .state")).ToHaveTextAsync("Completed with errors", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-counter=filesFailed]")).ToHaveTextAsync(vanished.Count.ToString());
        var failed = page.Locator("table.failed-objects tbody tr");
        await Expect(failed).ToHaveCountAsync(20);
        await Expect(failed.First).ToContainTextAsync(vanished[0]);
        await Expect(failed.First).ToContainTextAsync("reading the source");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(failed).ToHaveCountAsync(vanished.Count - 20);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next" })).ToBeDisabledAsync();
        await page.GetByLabel("Object key (exact)").FillAsync(vanished[5]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed.First).ToContainTextAsync(vanished[5]);
        await page.GetByLabel("Object key (exact)").FillAsync(keys[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText($"No failed object has the key '{keys[0]}'.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Prepare reports" }).ClickAsync();
        await Expect(page.Locator("[data-test=report-status]")).ToContainTextAsync("Ready since", new() { Timeout = 60_000 });
        await session.ScreenshotAsync("migration-detail-reports");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download reports" }).ClickAsync());
        Assert.EndsWith(".tar.gz", download.SuggestedFilename);
        var bundle = Path.Combine(RepoPaths.NewTempDir("gui-report"), download.SuggestedFilename);
        await download.SaveAsAsync(bundle);
        var csv = ReadCsvFiles(bundle);
        Assert.NotEmpty(csv);
        var rows = string.Join('\n', csv.Values);
        Assert.All(keys, key => Assert.Contains(key, rows));

        // Without a session the address leads to the sign-in form; another root's user gets a not-found page.
        await using (var anonymous = await gui.NewSessionAsync())
        {
            var refused = await anonymous.Context.APIRequest.GetAsync(download.Url, new() { MaxRedirects = 0 });
            Assert.Equal(302, refused.Status);
            Assert.Contains("/ui/signin", refused.Headers["location"]);
        }
        var (otherKey, otherSecret) = ($"REP{Guid.NewGuid().ToString("N")[..17].ToUpperInvariant()}", "report-stranger-secret-0000000000000001");
        using (var admin = new IdentityAdminClient(gui.Platform.ApiUrl, GuiPlatform.AdminToken))
            await admin.CreateRootAsync($"rep-{Guid.NewGuid().ToString("N")[..8]}", otherKey, otherSecret);
        await using (var stranger = await gui.NewSessionAsync())
        {
            await stranger.SignInAsync(otherKey, otherSecret);
            var response = await stranger.Context.APIRequest.GetAsync(download.Url);
            Assert.Equal(404, response.Status);
            Assert.DoesNotContain("gzip", response.Headers.GetValueOrDefault("content-type") ?? "");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await session.WaitInteractiveAsync();
        await page.GetByLabel("Period").SelectOptionAsync("Last hour");
        var lyve = page.Locator("table.traffic tr[data-type=lyve]");
        await Expect(lyve).ToBeVisibleAsync();
        Assert.True(long.Parse((await page.Locator("[data-total=filesTransferred]").InnerTextAsync()).Replace(",", "")) >= inFlight);
        await Expect(page.Locator(".charts-pair svg")).ToHaveCountAsync(2);
        await session.ScreenshotAsync("dashboard");
    }

    /// <summary>The CSV files of a report bundle (tar.gz) by entry name.</summary>
    private static Dictionary<string, string> ReadCsvFiles(string bundle)
    {
        using var file = File.OpenRead(bundle);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var files = new Dictionary<string, string>();
        while (tar.GetNextEntry() is { } entry)
            if (entry.DataStream is { } data && entry.Name.EndsWith(".csv", StringComparison.Ordinal))
                files[entry.Name] = new StreamReader(data).ReadToEnd();
        return files;
    }
}
