using System.Net;

namespace Transporter.Identity.Customers;

/// <summary>
/// The per-request check of the customer settings that hold on every surface (the store, IAM/STS, the migration API and
/// the GUI): a disabled customer signs nothing, and a service switched off for a customer refuses its requests. Every
/// signed request asks, so the settings are held in memory: reloaded at once after a change in this process, and at
/// most every <see cref="RefreshAfter"/> for changes made by another process of a distributed deployment.
/// </summary>
public sealed class RootAccessGate
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    /// <summary>The service the GUI's requests count as (the migration API's).</summary>
    public const string GuiService = CustomerServices.Transporter;

    private readonly CustomerStore _customers;
    private readonly TimeProvider _clock;
    private volatile Snapshot? _snapshot;

    public RootAccessGate(CustomerStore customers, TimeProvider clock)
    {
        _customers = customers;
        _clock = clock;
        customers.Changed += () => _snapshot = null;
    }

    /// <summary>Why <paramref name="caller"/> may not make a request signed for <paramref name="signatureService"/>, or
    /// null when it may.</summary>
    public async ValueTask<string?> RefusalAsync(Caller caller, string signatureService, IPAddress? client, CancellationToken ct)
    {
        var snapshot = _snapshot;
        var now = _clock.GetUtcNow();
        if (snapshot is null || now - snapshot.LoadedAt > RefreshAfter) snapshot = await LoadAsync(ct).ConfigureAwait(false);
        if (!snapshot.Customers.TryGetValue(caller.Root, out var customer)) return null;
        if (!customer.Active) return $"The customer {caller.Root} is disabled.";
        var service = CustomerServices.Of(signatureService);
        var allowed = snapshot.Switches.TryGetValue((caller.Root, service), out var found)
            ? found.Enabled && (found.ExpiresAt is null || found.ExpiresAt > now)
            : !customer.RestrictServiceAccess;
        return allowed ? null : $"The service {service} is not enabled for the customer {caller.Root}.";
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var loadedAt = _clock.GetUtcNow();
        var customers = (await _customers.ListAllAsync(ct).ConfigureAwait(false)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var switches = (await _customers.ListServiceSwitchesAsync(ct).ConfigureAwait(false)).ToDictionary(s => (s.Root, s.Service));
        var snapshot = new Snapshot(customers, switches, loadedAt);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(
        Dictionary<string, CustomerInfo> Customers, Dictionary<(string Root, string Service), ServiceSwitch> Switches, DateTimeOffset LoadedAt);
}
