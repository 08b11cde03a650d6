using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class FormErrorTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_cron_spec_is_read_out_with_its_next_five_runs_and_an_invalid_one_is_refused_before_submit()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        var before = await page.Locator("tr[data-migration]").CountAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "any-source");
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "any-destination");

        await page.GetByLabel("Run on a schedule instead of once now").CheckAsync();
        var cron = page.GetByLabel("Cron schedule");
        await cron.FillAsync("*/15 * * * *");
        await Expect(page.Locator(".cron-reading")).ToHaveTextAsync("Runs every 15 minutes (UTC).");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Next runs:" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(5);
        await cron.FillAsync("45 23 * * 6");
        await Expect(page.Locator(".cron-reading")).ToHaveTextAsync("Runs at 23:45 on Saturday (UTC).");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Next runs:" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("23:45:00 UTC");
        await session.ScreenshotAsync("new-migration-schedule");

        await cron.FillAsync("61 * * * *");
        await Expect(page.Locator(".cron-field [role=alert]")).ToContainTextAsync("61");
        await Expect(cron).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page.GetByText("Fix the cron schedule first.")).ToBeVisibleAsync();
        await session.ScreenshotAsync("new-migration-invalid-cron");

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/new$"));
        await session.GotoAsync("/ui/migrations");
        Assert.Equal(before, await page.Locator("tr[data-migration]").CountAsync());
    }

    [Fact]
    public async Task Wrong_endpoint_credentials_show_the_providers_error_next_to_test_connection_and_bucket_picker()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        var source = page.Locator("fieldset#source");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, "a-wrong-secret-key", "some-bucket");

        await source.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        var result = source.Locator("[data-test=connection-result]");
        await Expect(result).ToContainTextAsync("The storage refused: SignatureDoesNotMatch");
        await Expect(result).ToHaveAttributeAsync("role", "alert");
        await source.GetByRole(AriaRole.Button, new() { Name = "Load buckets" }).ClickAsync();
        await Expect(source.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Could not list" })).ToContainTextAsync("SignatureDoesNotMatch");
        await session.ScreenshotAsync("new-migration-connection-error");

        await source.GetByLabel("Access key").FillAsync("NOSUCHACCESSKEY00000");
        await source.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(result).ToContainTextAsync("InvalidAccessKeyId");
    }

    [Fact]
    public async Task The_servers_objections_appear_in_the_section_they_concern_and_nothing_is_created()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        var before = await page.Locator("tr[data-migration]").CountAsync();
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, "some-bucket");
        var destination = page.Locator("fieldset#destination");
        await destination.GetByLabel("Storage type").SelectOptionAsync("azure");
        await page.GetByLabel("Email when reports are ready (optional)").FillAsync("not-an-address");
        await page.GetByLabel("Bandwidth limit", new() { Exact = true }).FillAsync("0.5");
        await page.GetByLabel("Bandwidth limit unit").SelectOptionAsync("KB/s");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page.Locator(".bandwidth-field [role=alert]")).ToContainTextAsync("at least 1 KB/s");

        await page.GetByLabel("Bandwidth limit", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        var destinationErrors = destination.Locator(".error-list");
        await Expect(destinationErrors).ToContainTextAsync("bucket is required");
        await Expect(destinationErrors).ToContainTextAsync("accessKey (the storage account name) is required");
        await Expect(page.Locator("fieldset#source .error-list")).ToHaveCountAsync(0);
        await Expect(page.Locator("fieldset.options .error-list")).ToContainTextAsync("'not-an-address' is not an email address");
        // Azure asks for an account and a container, not for keys and a bucket.
        await Expect(destination.GetByLabel("Account name")).ToBeVisibleAsync();
        await Expect(destination.GetByLabel("Container", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(destination.GetByLabel("Region")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("new-migration-server-errors");

        await session.GotoAsync("/ui/migrations");
        Assert.Equal(before, await page.Locator("tr[data-migration]").CountAsync());
    }

    [Fact]
    public async Task Every_field_of_every_endpoint_type_has_a_label()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        await page.GetByLabel("Run on a schedule instead of once now").CheckAsync();
        await page.GetByLabel("Incremental sync: copy what the destination lacks").CheckAsync();

        foreach (var type in new[] { "lyve", "aws", "s3v4", "s3v2", "gcp", "gcp-native", "azure" })
        {
            await page.Locator("fieldset#source").GetByLabel("Storage type").SelectOptionAsync(type);
            await page.Locator("fieldset#destination").GetByLabel("Storage type").SelectOptionAsync(type);
            var unlabelled = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
                    .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                    .map(e => e.id || e.name || e.outerHTML)
                """);
            Assert.True(unlabelled.Length == 0, $"{type}: inputs without a label: {string.Join(", ", unlabelled)}");
        }
        await page.Locator("fieldset#source").GetByLabel("Storage type").SelectOptionAsync("gcp-native");
        await Expect(page.Locator("fieldset#source").GetByLabel("Service-account key file (JSON)")).ToBeVisibleAsync();
        await Expect(page.Locator("fieldset#source").GetByLabel("Access key")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_service_account_key_file_is_uploaded_for_gcp_native_and_a_non_json_file_is_refused()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/migrations/new");
        var source = page.Locator("fieldset#source");
        await source.GetByLabel("Storage type").SelectOptionAsync("gcp-native");
        await Expect(source.GetByLabel("Endpoint URL")).ToHaveValueAsync("https://storage.googleapis.com/storage/v1/");
        var upload = source.GetByLabel("Service-account key file (JSON)");
        await Pages.WaitFileInputReadyAsync(upload);

        await upload.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await Expect(source.Locator("#source-keyFile-status")).ToContainTextAsync("This file is not JSON");

        await upload.SetInputFilesAsync(new FilePayload
        {
            Name = "key.json", MimeType = "application/json",
            Buffer = """{"type":"service_account","project_id":"demo","client_email":"x@demo.iam.gserviceaccount.com"}"""u8.ToArray(),
        });
        await Expect(source.Locator("#source-keyFile-status")).ToHaveTextAsync("Loaded key.json.");
    }
}
