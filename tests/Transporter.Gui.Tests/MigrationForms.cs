using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>Creating migrations through the new-migration form, as a user does.</summary>
public static class MigrationForms
{
    /// <summary>Fills and submits the form for a copy between two buckets of the built-in store; returns the new id.</summary>
    public static async Task<string> CreateStoreMigrationAsync(GuiSession session, GuiPlatform gui, string source, string destination,
        string? bandwidth = null, string unit = "KB/s", bool streamed = false)
    {
        var page = session.Page;
        await session.GotoAsync("/ui/migrations/new");
        await Pages.FillStoreEndpointAsync(page, "source", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, source);
        await Pages.FillStoreEndpointAsync(page, "destination", gui.Platform.RootAccessKey, gui.Platform.RootSecretKey, destination,
            streamed ? gui.Platform.S3Url.Replace("127.0.0.1", "localhost") : null);
        if (bandwidth is not null)
        {
            await page.GetByLabel("Bandwidth limit", new() { Exact = true }).FillAsync(bandwidth);
            await page.GetByLabel("Bandwidth limit unit").SelectOptionAsync(unit);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Create migration" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/migrations/[0-9a-f-]{36}$"));
        await session.WaitInteractiveAsync();
        return Pages.MigrationIdOf(page);
    }
}
