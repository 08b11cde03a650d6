using Microsoft.Playwright;
using Transporter.Testing;

namespace Transporter.Gui.Tests;

/// <summary>
/// The platform process (API, GUI, store and workers, with the identity admin API on) and headless Debian Chromium,
/// started once for all GUI tests.
/// </summary>
public sealed class GuiPlatform : IAsyncLifetime
{
    public const string AdminToken = "gui-tests-admin-token-0123456789";

    /// <summary>What Debian's Chromium needs to run headless in a container; no browser is downloaded.</summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;

    public PlatformProcess Platform { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public S3Cli Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string> { ["TRANSPORTER_ADMIN_TOKEN"] = AdminToken });
        Store = new S3Cli(Platform.S3Url, Platform.RootAccessKey, Platform.RootSecretKey);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser profile (no cookies) with one page, at the given window size.</summary>
    public async Task<GuiSession> NewSessionAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Platform.ApiUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        return new GuiSession(context, await context.NewPageAsync(), Platform);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Platform is not null)
        {
            // The platform's log beside the screenshots: what a failed browser test cannot show (state changes, batches).
            Directory.CreateDirectory(GuiSession.ScreenshotDir);
            await File.WriteAllTextAsync(Path.Combine(GuiSession.ScreenshotDir, "platform.log"), Platform.Output);
            await Platform.DisposeAsync();
        }
    }
}
