using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Transporter.Gui.Tests;

/// <summary>The Buckets page as a root's administrator uses it: a bucket's row and cells, and its settings form (quotas,
/// website access) opened with the row's Edit button.</summary>
public sealed class BucketsPage(GuiSession session)
{
    private IPage Page => session.Page;

    public Task OpenAsync() => session.GotoAsync("/ui/buckets");

    public ILocator Row(string bucket) => Page.Locator($"tr[data-bucket='{bucket}']");

    /// <summary>One cell of a bucket's row: objects, bytes, quotas or access.</summary>
    public ILocator Cell(string bucket, string field) => Row(bucket).Locator($"[data-field={field}]");

    /// <summary>What the last save answered (a confirmation or the refusal).</summary>
    public ILocator Outcome => Page.Locator("[data-test=bucket-outcome]");

    public async Task EditAsync(string bucket)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Edit {bucket}", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Settings of {bucket}" })).ToBeVisibleAsync();
    }

    /// <summary>Types the quotas; an empty string removes that limit.</summary>
    public async Task SetQuotasAsync(string maxSize, string unit, string maxObjects)
    {
        await Page.GetByLabel("Maximum size", new() { Exact = true }).FillAsync(maxSize);
        await Page.GetByLabel("Maximum size unit").SelectOptionAsync(unit);
        await Page.GetByLabel("Maximum objects").FillAsync(maxObjects);
    }

    /// <summary>Turns website access on with these documents, or off.</summary>
    public async Task SetWebsiteAsync(bool enabled, string index = "index.html", string error = "")
    {
        await Page.GetByLabel("Serve as a website").SetCheckedAsync(enabled);
        if (!enabled) return;
        await Page.GetByLabel("Index document").FillAsync(index);
        await Page.GetByLabel("Error document (optional)").FillAsync(error);
    }

    /// <summary>Saves and waits for the page's answer; returns it.</summary>
    public async Task<string> SaveAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(Outcome).ToBeVisibleAsync();
        return await Outcome.InnerTextAsync();
    }
}
