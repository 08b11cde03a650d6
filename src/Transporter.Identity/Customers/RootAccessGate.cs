using System.Net;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Identity.Customers;

/// <summary>
/// The per-request check of the settings that hold on every surface (the store, IAM/STS, the migration API and the GUI):
/// a disabled customer signs nothing, a service switched off for a customer refuses its requests, and a root with
/// approved whitelist rules is served only from their subnets. Every signed request asks, so the settings are held in
/// memory: reloaded at once after a change in this process, and at most every <see cref="RefreshAfter"/> for changes
/// made by another process of a distributed deployment.
/// </summary>
public sealed class RootAccessGate
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    /// <summary>The service the GUI's requests count as (the migration API's).</summary>
    public const string GuiService = CustomerServices.Transporter;

    private readonly CustomerStore _customers;
    private readonly WhitelistStore _whitelist;
    private readonly TimeProvider _clock;
    private readonly string _region;
    private volatile Snapshot? _snapshot;

    public RootAccessGate(CustomerStore customers, WhitelistStore whitelist, IOptions<TransporterOptions> options, TimeProvider clock)
    {
        _customers = customers;
        _whitelist = whitelist;
        _clock = clock;
        _region = options.Value.Region;
        customers.Changed += () => _snapshot = null;
        whitelist.Changed += () => _snapshot = null;
    }

    /// <summary>Why <paramref name="caller"/> may not make a request signed for <paramref name="signatureService"/> from
    /// <paramref name="client"/>, or null when it may. A null client (the GUI's revalidation) skips the whitelist.</summary>
    public async ValueTask<string?> RefusalAsync(Caller caller, string signatureService, IPAddress? client, CancellationToken ct)
    {
        var snapshot = _snapshot;
        var now = _clock.GetUtcNow();
        if (snapshot is null || now - snapshot.LoadedAt > RefreshAfter) snapshot = await LoadAsync(ct).ConfigureAwait(false);
        if (client is not null && snapshot.Whitelists.TryGetValue(caller.Root, out var rules) && !Admitted(rules, client, now))
            return $"The address {Normal(client)} is not in an approved whitelist subnet of {caller.Root}.";
        if (!snapshot.Customers.TryGetValue(caller.Root, out var customer)) return null;
        if (!customer.Active) return $"The customer {caller.Root} is disabled.";
        var service = CustomerServices.Of(signatureService);
        var allowed = snapshot.Switches.TryGetValue((caller.Root, service), out var found)
            ? found.Enabled && (found.ExpiresAt is null || found.ExpiresAt > now)
            : !customer.RestrictServiceAccess;
        return allowed ? null : $"The service {service} is not enabled for the customer {caller.Root}.";
    }

    /// <summary>An approved rule past its TTL keeps the whitelist on but admits nobody: a root that had a whitelist does not
    /// fall open when its rules expire.</summary>
    private static bool Admitted(List<ApprovedSubnet> rules, IPAddress client, DateTimeOffset now)
    {
        var address = Normal(client);
        return rules.Any(r => (r.ExpiresAt is null || r.ExpiresAt > now) && r.Network.Contains(address));
    }

    private static IPAddress Normal(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var loadedAt = _clock.GetUtcNow();
        var customers = (await _customers.ListAllAsync(ct).ConfigureAwait(false)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var switches = (await _customers.ListServiceSwitchesAsync(ct).ConfigureAwait(false)).ToDictionary(s => (s.Root, s.Service));
        var whitelists = new Dictionary<string, List<ApprovedSubnet>>(StringComparer.Ordinal);
        foreach (var rule in await _whitelist.ListAsync(null, ct).ConfigureAwait(false))
        {
            if (rule.Status != WhitelistRule.Active || (rule.Regions.Count > 0 && !rule.Regions.Contains(_region))) continue;
            if (!WhitelistSubnets.TryParse(rule.SubNet, out var network)) continue;
            if (!whitelists.TryGetValue(rule.Root, out var list)) whitelists[rule.Root] = list = [];
            list.Add(new ApprovedSubnet(network, rule.ExpiresAt));
        }
        var snapshot = new Snapshot(customers, switches, whitelists, loadedAt);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record ApprovedSubnet(IPNetwork Network, DateTimeOffset? ExpiresAt);

    private sealed record Snapshot(
        Dictionary<string, CustomerInfo> Customers, Dictionary<(string Root, string Service), ServiceSwitch> Switches,
        Dictionary<string, List<ApprovedSubnet>> Whitelists, DateTimeOffset LoadedAt);
}
