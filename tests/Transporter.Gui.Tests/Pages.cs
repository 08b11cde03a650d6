using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>How the tests find things on the GUI's pages: by label and role, as a person (or a screen reader) would.</summary>
public static class Pages
{
    /// <summary>Fills one endpoint section (source or destination) of the new-migration form for a bucket of the built-in store.</summary>
    /// <param name="endpointUrl">Another URL of the same store (e.g. with localhost) makes the copy stream through the
    /// workers, where the bandwidth limit applies; the default URL lets the store copy server-side.</param>
    public static async Task FillStoreEndpointAsync(IPage page, string section, string accessKey, string secretKey, string bucket, string? endpointUrl = null)
    {
        var fieldset = page.Locator($"fieldset#{section}");
        await fieldset.GetByLabel("Storage type").SelectOptionAsync("lyve");
        if (endpointUrl is not null) await fieldset.GetByLabel("Endpoint URL").FillAsync(endpointUrl);
        await fieldset.GetByLabel("Access key").FillAsync(accessKey);
        await fieldset.GetByLabel("Secret key").FillAsync(secretKey);
        await fieldset.GetByLabel("Bucket", new() { Exact = true }).FillAsync(bucket);
    }

    /// <summary>Picks an entry of the root's saved bucket table in one endpoint section; returns the section.</summary>
    public static async Task<ILocator> PickSavedBucketAsync(IPage page, string section, string savedBucket)
    {
        var fieldset = page.Locator($"fieldset#{section}");
        await fieldset.GetByLabel("Saved bucket").SelectOptionAsync(savedBucket);
        return fieldset;
    }

    /// <summary>Waits until Blazor listens to a file input (an <c>InputFile</c>), so that a file set on it reaches the server.</summary>
    /// <remarks>InputFile attaches its change listener from OnAfterRenderAsync, one round trip to the server after the input
    /// appears; a file set before then is lost for good and the page never reacts (on a loaded machine that round trip can
    /// outlast the test's next step). The client script (Gui/Assets/blazor.web.js, InputFile.init) marks the element with
    /// <c>_blazorInputFileNextFileId = 0</c> when it attaches, so call this before the first file is set.</remarks>
    public static async Task WaitFileInputReadyAsync(ILocator input) =>
        await Expect(input).ToHaveJSPropertyAsync("_blazorInputFileNextFileId", 0);

    public static ILocator Row(IPage page, string migrationId) => page.Locator($"tr[data-migration='{migrationId}']");

    public static ILocator Progress(ILocator scope, string kind) => scope.Locator($"[role=progressbar][data-kind={kind}]");

    /// <summary>The migration id at the end of a detail page's URL.</summary>
    public static string MigrationIdOf(IPage page) => page.Url.Split('/').Last();
}
