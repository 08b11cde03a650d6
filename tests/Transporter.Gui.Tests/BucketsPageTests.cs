using System.Text.Json;
using Transporter.Testing.Api;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>The Buckets page of a root's administrator: the root's buckets of the built-in store with their usage,
/// quotas and access, and quotas and website access changed there as the admin API changes them (the store then
/// enforces and serves them; the AWS CLI checks).</summary>
[Collection(GuiCollection.Name)]
public sealed class BucketsPageTests(GuiPlatform gui)
{
    [Fact]
    public async Task The_root_user_sees_usage_and_sets_quotas_and_website_access_that_the_store_applies()
    {
        var (bucket, _) = await gui.Store.MakeBucketWithObjectsAsync("gui-admin", count: 3, size: 1000);
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsRootAsync();
        var buckets = new BucketsPage(session);
        await buckets.OpenAsync();

        await Expect(buckets.Cell(bucket, "objects")).ToHaveTextAsync("3");
        await Expect(buckets.Cell(bucket, "bytes")).ToHaveTextAsync("3 KB");
        await Expect(buckets.Cell(bucket, "quotas")).ToHaveTextAsync("none");
        await Expect(buckets.Cell(bucket, "access")).ToHaveTextAsync("Private");

        await buckets.EditAsync(bucket);
        await buckets.SetQuotasAsync("1", "MB", "4");
        Assert.Contains("Saved", await buckets.SaveAsync());
        await Expect(buckets.Cell(bucket, "quotas")).ToHaveTextAsync("1 MB, 4 objects");
        // The store enforces what the page set: a fourth object fits, a fifth is refused and not stored.
        await gui.Store.AddObjectsAsync(bucket, "fourth/", 1, 10);
        var refused = await gui.Store.RunAsync("s3api", "put-object", "--bucket", bucket, "--key", "fifth.bin", "--body", SmallFile());
        Assert.Contains("QuotaExceeded", refused.StdErr);
        Assert.Equal(4, (await gui.Store.ListAsync(bucket)).Count);
        await Expect(buckets.Cell(bucket, "objects")).ToHaveTextAsync("4");

        await buckets.SetWebsiteAsync(true, "index.html", "404.html");
        Assert.Contains("Saved", await buckets.SaveAsync());
        await Expect(buckets.Cell(bucket, "access")).ToContainTextAsync("Website");
        var website = (await gui.Store.RunAsync("s3api", "get-bucket-website", "--bucket", bucket, "--output", "json")).EnsureSuccess();
        using (var json = JsonDocument.Parse(website.StdOut))
        {
            Assert.Equal("index.html", json.RootElement.GetProperty("IndexDocument").GetProperty("Suffix").GetString());
            Assert.Equal("404.html", json.RootElement.GetProperty("ErrorDocument").GetProperty("Key").GetString());
        }
        await session.ScreenshotAsync("buckets");

        // Reopened, the form shows the settings as stored; website access off is S3's "no website configuration".
        await buckets.EditAsync(bucket);
        await Expect(session.Page.GetByLabel("Maximum objects")).ToHaveValueAsync("4");
        await Expect(session.Page.GetByLabel("Maximum size", new() { Exact = true })).ToHaveValueAsync("1");
        await buckets.SetWebsiteAsync(false);
        await buckets.SetQuotasAsync("", "GB", "");
        Assert.Contains("Saved", await buckets.SaveAsync());
        await Expect(buckets.Cell(bucket, "access")).ToHaveTextAsync("Private");
        await Expect(buckets.Cell(bucket, "quotas")).ToHaveTextAsync("none");
        Assert.Contains("NoSuchWebsiteConfiguration", (await gui.Store.RunAsync("s3api", "get-bucket-website", "--bucket", bucket)).StdErr);
    }

    [Fact]
    public async Task Website_access_without_an_index_document_is_refused_and_nothing_changes()
    {
        var bucket = await gui.Store.MakeBucketAsync("gui-admin-bad");
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsRootAsync();
        var buckets = new BucketsPage(session);
        await buckets.OpenAsync();

        await buckets.EditAsync(bucket);
        await buckets.SetQuotasAsync("", "GB", "10");
        await buckets.SetWebsiteAsync(true, index: "");
        var answer = await buckets.SaveAsync();

        Assert.Contains("index document", answer);
        await Expect(buckets.Outcome).ToHaveAttributeAsync("role", "alert");
        await Expect(buckets.Cell(bucket, "quotas")).ToHaveTextAsync("none");
        await Expect(buckets.Cell(bucket, "access")).ToHaveTextAsync("Private");
        Assert.Contains("NoSuchWebsiteConfiguration", (await gui.Store.RunAsync("s3api", "get-bucket-website", "--bucket", bucket)).StdErr);
    }

    [Fact]
    public async Task Another_roots_buckets_are_not_listed_and_a_user_who_is_not_the_root_user_administers_none()
    {
        var mine = await gui.Store.MakeBucketAsync("gui-admin-mine");
        var otherRoot = $"tenant-{Guid.NewGuid().ToString("N")[..8]}";
        var (key, secret) = ($"OTHER{Guid.NewGuid().ToString("N")[..15].ToUpperInvariant()}", "other-root-secret-key-000000000000000002");
        var (userKey, userSecret) = ($"USER{Guid.NewGuid().ToString("N")[..16].ToUpperInvariant()}", "plain-user-secret-key-000000000000000003");
        using (var admin = new IdentityAdminClient(gui.Platform.ApiUrl, GuiPlatform.AdminToken))
        {
            await admin.CreateRootAsync(otherRoot, key, secret);
            await admin.CreateUserAsync(otherRoot, "bob@example.com", userKey, userSecret);
        }
        var theirs = await new S3Cli(gui.Platform.S3Url, key, secret).MakeBucketAsync("gui-admin-theirs");

        await using var stranger = await gui.NewSessionAsync();
        await stranger.SignInAsync(key, secret);
        var strangersPage = new BucketsPage(stranger);
        await strangersPage.OpenAsync();
        await Expect(strangersPage.Row(theirs)).ToBeVisibleAsync();
        await Expect(strangersPage.Row(mine)).ToHaveCountAsync(0);

        await using var user = await gui.NewSessionAsync();
        await user.SignInAsync(userKey, userSecret);
        await new BucketsPage(user).OpenAsync();
        await Expect(user.Page.GetByText($"Only the root user of {otherRoot} administers its buckets.")).ToBeVisibleAsync();
        await Expect(user.Page.Locator("tr[data-bucket]")).ToHaveCountAsync(0);
    }

    private static string SmallFile()
    {
        var path = Path.Combine(Transporter.Testing.RepoPaths.NewTempDir("gui-quota"), "one.bin");
        File.WriteAllBytes(path, new byte[10]);
        return path;
    }
}
