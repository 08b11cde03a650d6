using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>
/// The Users and keys page of a root's administrator in a real browser: a user created, a key created (its secret shown
/// once, and it signs real S3 requests with the AWS CLI), a managed policy (made with `aws iam`) attached and detached,
/// the key deleted (the CLI is then refused); a user who is not the root user administers nothing.
/// </summary>
[Collection(GuiCollection.Name)]
public sealed class UsersPageTests(GuiPlatform gui)
{
    [Fact]
    public async Task A_root_user_creates_a_user_and_a_key_attaches_a_policy_and_deletes_the_key()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var userName = $"gui-user-{suffix}@example.com";
        var policy = $"gui-list-{suffix}";
        (await gui.Store.RunAsync("iam", "create-policy", "--policy-name", policy, "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}""")).EnsureSuccess();
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsRootAsync();
        await session.GotoAsync("/ui/users");

        // A bad name is refused with the identity store's reason, and nothing is created.
        await page.GetByLabel("New user name").FillAsync("bad name with spaces");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.Locator("[data-test=users-outcome]")).ToHaveAttributeAsync("role", "alert");
        await Expect(page.Locator("tr[data-user='bad name with spaces']")).ToHaveCountAsync(0);

        await page.GetByLabel("New user name").FillAsync(userName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var row = page.Locator($"tr[data-user='{userName}']");
        await Expect(row).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Create a key for {userName}" }).ClickAsync();
        var newKey = page.Locator("[data-test=new-key]");
        var accessKey = await newKey.Locator("[data-field=access-key]").InnerTextAsync();
        var secretKey = await newKey.Locator("[data-field=secret-key]").InnerTextAsync();
        await Expect(row.Locator($"[data-key='{accessKey}']")).ToBeVisibleAsync();
        await session.ScreenshotAsync("users-new-key");

        // The key is real: without a policy it is refused by policy (not as an unknown key); with the policy it lists.
        var cli = new S3Cli(gui.Platform.S3Url, accessKey, secretKey);
        Assert.Contains("AccessDenied", (await cli.RunAsync("s3api", "list-buckets")).StdErr);
        await session.GotoAsync("/ui/users");
        await page.GetByLabel($"Policy to attach to {userName}").SelectOptionAsync(policy);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Attach the policy to {userName}" }).ClickAsync();
        await Expect(row.Locator($"[data-policy='{policy}']")).ToBeVisibleAsync();
        (await cli.RunAsync("s3api", "list-buckets")).EnsureSuccess();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Detach {policy} from {userName}" }).ClickAsync();
        await Expect(row.Locator($"[data-policy='{policy}']")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete key {accessKey}" }).ClickAsync();
        await Expect(row.Locator($"[data-key='{accessKey}']")).ToHaveCountAsync(0);
        Assert.Contains("InvalidAccessKeyId", (await cli.RunAsync("s3api", "list-buckets")).StdErr);
    }

    [Fact]
    public async Task A_user_who_is_not_the_root_user_administers_no_users()
    {
        var userName = $"gui-plain-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        (await gui.Store.RunAsync("iam", "create-user", "--user-name", userName)).EnsureSuccess();
        var created = await gui.Store.RunAsync("iam", "create-access-key", "--user-name", userName, "--query", "AccessKey.[AccessKeyId,SecretAccessKey]", "--output", "text");
        var parts = created.EnsureSuccess().StdOut.Split('\t', StringSplitOptions.TrimEntries);
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsync(parts[0], parts[1]);
        await session.GotoAsync("/ui/users");
        await Expect(session.Page.GetByText("Only the root user of default administers its users and keys.")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("tr[data-user]")).ToHaveCountAsync(0);
    }
}
