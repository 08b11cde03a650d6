using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transporter.Testing;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>One browser profile on the GUI: sign-in, waiting for interactivity, screenshots.</summary>
public sealed class GuiSession(IBrowserContext context, IPage page, PlatformProcess platform) : IAsyncDisposable
{
    public static readonly string ScreenshotDir = Path.Combine(RepoPaths.Root, "TestResults", "gui-screenshots");

    public IBrowserContext Context => context;
    public IPage Page => page;

    public Task SignInAsRootAsync() => SignInAsync(platform.RootAccessKey, platform.RootSecretKey);

    public async Task SignInAsync(string accessKey, string secretKey)
    {
        await page.GotoAsync("/ui/signin");
        await page.GetByLabel("Access key").FillAsync(accessKey);
        await page.GetByLabel("Secret key").FillAsync(secretKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations$"));
        await WaitInteractiveAsync();
    }

    /// <summary>Waits until the page's circuit is connected (the layout marks main with data-interactive="true").</summary>
    public async Task WaitInteractiveAsync() =>
        await Expect(page.Locator("main[data-interactive=true]")).ToBeAttachedAsync();

    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync();
    }

    /// <summary>Saves a full-page screenshot as TestResults/gui-screenshots/<paramref name="name"/>.png.</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
