using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Transporter.Api.Gui.Auth;
using Transporter.Identity;

namespace Transporter.Api.Gui.Components;

/// <summary>
/// A page of a signed-in user: knows the <see cref="Caller"/> (the same identity the API sees) and can refresh itself
/// on a timer while it is open in the browser, so progress moves without reloading.
/// </summary>
public abstract class GuiPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private TimeSpan? _refreshInterval;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected Caller Caller { get; private set; } = null!;

    /// <summary>Cancelled when the user leaves the page.</summary>
    protected CancellationToken Closing => _closing.Token;

    /// <summary>Why the last refresh failed (shown on the page instead of stale numbers going silently stale).</summary>
    protected string? RefreshError { get; private set; }

    /// <summary>The caller's policies refuse what the page shows (<see cref="Services.ReadRefusedException"/>): the
    /// sentence the page shows instead of the data.</summary>
    public string? Refusal { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState!;
        Caller = state.User.ToCaller() ?? throw new InvalidOperationException("GUI pages need a signed-in user");
        await LoadOrRefuseAsync();
    }

    private async Task LoadOrRefuseAsync()
    {
        try
        {
            await LoadAsync();
            Refusal = null;
        }
        catch (Services.ReadRefusedException e)
        {
            Refusal = e.Message;
        }
    }

    /// <summary>Reads what the page shows; called once when the page opens and then at each refresh.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Makes the page call <see cref="LoadAsync"/> every <paramref name="interval"/> once it is interactive.</summary>
    protected void RefreshEvery(TimeSpan interval) => _refreshInterval = interval;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && _refreshInterval is { } interval) _ = RefreshLoopAsync(interval);
    }

    private async Task RefreshLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(Closing))
            {
                await InvokeAsync(async () =>
                {
                    try
                    {
                        await LoadOrRefuseAsync();
                        RefreshError = null;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        RefreshError = "Could not refresh: " + e.Message;
                    }
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }
}
