using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

[Collection(GuiCollection.Name)]
public sealed class SignInTests(GuiPlatform gui)
{
    [Fact]
    public async Task The_root_address_leads_to_the_sign_in_form_and_back_to_the_page_asked_for()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/ui/signin\\?returnUrl="));
        await session.ScreenshotAsync("signin");

        await page.GotoAsync("/ui/migrations/new");
        await Expect(page).ToHaveURLAsync(new Regex("/ui/signin\\?returnUrl=%2Fui%2Fmigrations%2Fnew$"));
        await page.GetByLabel("Access key").FillAsync(gui.Platform.RootAccessKey);
        await page.GetByLabel("Secret key").FillAsync(gui.Platform.RootSecretKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/new$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New migration or sync" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_next_to_the_form_and_give_no_session()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/ui/signin");
        await page.GetByLabel("Access key").FillAsync(gui.Platform.RootAccessKey);
        await page.GetByLabel("Secret key").FillAsync("not-the-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "access key or the secret key is wrong" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("signin-wrong-credentials");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "transporter_gui");

        await page.GetByLabel("Access key").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("Enter your access key.")).ToBeVisibleAsync();

        await page.GotoAsync("/ui/migrations");
        await Expect(page).ToHaveURLAsync(new Regex("/ui/signin"));
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_sign_out_ends_the_session_on_the_server()
    {
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsRootAsync();

        var cookie = Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "transporter_gui");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.False(cookie.Secure); // plain http here; the cookie is Secure when the GUI is served over https

        // A copy of the cookie in another browser works until sign-out, then not even there.
        await using var copy = await gui.NewSessionAsync();
        await copy.Context.AddCookiesAsync([new Cookie
        {
            Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, HttpOnly = cookie.HttpOnly, SameSite = cookie.SameSite,
        }]);
        await copy.Page.GotoAsync("/ui/migrations");
        await Expect(copy.Page.GetByRole(AriaRole.Heading, new() { Name = "Migrations" })).ToBeVisibleAsync();

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(session.Page).ToHaveURLAsync(new Regex("/ui/signin\\?signedOut=1"));
        await Expect(session.Page.GetByText("You are signed out.")).ToBeVisibleAsync();

        await copy.Page.GotoAsync("/ui/migrations");
        await Expect(copy.Page).ToHaveURLAsync(new Regex("/ui/signin"));
    }

    [Fact]
    public async Task Sign_out_without_the_anti_forgery_token_is_refused()
    {
        await using var session = await gui.NewSessionAsync();
        await session.SignInAsRootAsync();

        var response = await session.Context.APIRequest.PostAsync("/ui/signout", new() { Form = session.Context.APIRequest.CreateFormData().Set("signout", "1") });

        Assert.Equal(400, response.Status);
        await session.GotoAsync("/ui/migrations");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Migrations" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_form_works_with_the_keyboard_alone()
    {
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/ui/signin");

        // The page puts the focus on its heading; the form's first field is at most a few Tabs away.
        for (var i = 0; i < 4 && !await page.GetByLabel("Access key").EvaluateAsync<bool>("e => e === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Access key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(gui.Platform.RootAccessKey);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Secret key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(gui.Platform.RootSecretKey);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations$"));
    }

    [Fact]
    public async Task A_user_signs_in_with_customer_user_name_and_password_and_a_wrong_password_is_refused()
    {
        // A user of the "default" root with a password, set with the AWS CLI's IAM commands against the store.
        var userName = $"gui-password-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        (await gui.Store.RunAsync("iam", "create-user", "--user-name", userName)).EnsureSuccess();
        (await gui.Store.RunAsync("iam", "update-login-profile", "--user-name", userName, "--password", "Correct-Horse-7",
            "--no-password-reset-required")).EnsureSuccess();
        await using var session = await gui.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/ui/signin");
        await page.GetByLabel("Customer").FillAsync("default");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Wrong-Horse-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Password sign-in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "customer, user name or password is wrong" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "transporter_gui");

        // A one-time password for a user without two-factor sign-in is refused as RSLogin refuses it.
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Correct-Horse-7");
        await page.GetByLabel("One-time password").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Password sign-in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "no two-factor sign-in" })).ToBeVisibleAsync();

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Correct-Horse-7");
        await page.GetByLabel("One-time password").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Password sign-in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations$"));
        await Expect(page.Locator(".who")).ToContainTextAsync(userName);
        await session.ScreenshotAsync("signin-password");
        Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "transporter_gui");
    }
}
