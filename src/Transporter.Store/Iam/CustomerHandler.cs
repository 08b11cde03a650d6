using System.Globalization;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;
using Transporter.Store.Admin.Ostor;
using Transporter.Store.Engine;

namespace Transporter.Store.Iam;

/// <summary>
/// The spec's reseller actions on the IAM endpoint (RSCreateCustomer, RSModifyCustomer, RSListCustomer, RSCustomerDetails,
/// RSAvailableRegions, RSSetCustomerServiceAccessLevel) and RSAssumeCustomerRole on STS. A reseller is the root user of a
/// reseller root (<see cref="Resellers"/>); it sees and changes only its own customers (another's are NoSuchEntity). A
/// customer's status is applied where every signature resolves its key (<see cref="DisabledRoots"/>) and by the
/// <see cref="RootAccessGate"/> of every surface. Split: .Accounts.cs (create, modify, list, details), .Settings.cs.
/// </summary>
internal sealed partial class CustomerHandler(
    RootStore roots, AccessKeyStore keys, PasswordStore passwords, UserStore users, AuditLog audit, SessionStore sessions, CustomerStore customers, Resellers resellers, DisabledRoots disabled, StorageEngine engine,
    IReadOnlyList<string> platformRegions, int minSessionSeconds)
{
    public static readonly IReadOnlySet<string> IamActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "RSCreateCustomer", "RSModifyCustomer", "RSListCustomer", "RSCustomerDetails", "RSAvailableRegions", "RSSetCustomerServiceAccessLevel",
    };

    public const string StsAction = "RSAssumeCustomerRole";

    public Task<IamReply> HandleAsync(IamRequest request) => request.Action switch
    {
        "RSCreateCustomer" => CreateAsync(request),
        "RSModifyCustomer" => ModifyAsync(request),
        "RSListCustomer" => ListAsync(request),
        "RSCustomerDetails" => DetailsAsync(request),
        "RSAvailableRegions" => AvailableRegionsAsync(request),
        "RSSetCustomerServiceAccessLevel" => SetServiceAccessAsync(request),
        StsAction => AssumeCustomerRoleAsync(request),
        var other => throw new IamException(400, "InvalidAction", $"Could not find operation {other}"),
    };

    private bool IsReseller(IamRequest request) =>
        request.Caller.IsRoot && !request.Caller.IsSession && resellers.IsReseller(request.Caller.Root);

    private void RequireReseller(IamRequest request)
    {
        if (!IsReseller(request))
            throw IamException.AccessDenied($"User: {request.UserArn(request.Caller.UserName)} is not authorized to perform: iam:{request.Action}: only a reseller may.");
    }

    /// <summary>The named customer of the calling reseller; NoSuchEntity for an unknown name or another reseller's customer.</summary>
    private async Task<CustomerInfo> OwnCustomerAsync(IamRequest request, string name)
    {
        var customer = await customers.GetAsync(name, request.Http.RequestAborted).ConfigureAwait(false);
        if (customer is null || customer.Reseller != request.Caller.Root)
            throw new IdentityException(IdentityErrorKind.NotFound, $"The customer {name} does not exist.");
        return customer;
    }

    private static string CustomerName(IamRequest request, params string[] names)
    {
        foreach (var name in names)
            if (request.Optional(name) is { } value) return value.Trim().ToLowerInvariant();
        throw IamException.Missing(names[0]);
    }

    /// <summary>Regions given as "A,B", a JSON array, or Regions.member.N; each must be one of the platform's.</summary>
    private IReadOnlyList<string>? Regions(IamRequest request)
    {
        var given = request.Parameters.Where(p => p.Key.StartsWith("Regions.", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        if (request.Optional("Regions") is { } text)
            given.AddRange(text.Trim().TrimStart('[').TrimEnd(']').Split(',').Select(r => r.Trim().Trim('"')));
        if (given.Count == 0) return null;
        var regions = given.Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var region in regions)
            if (!platformRegions.Contains(region, StringComparer.Ordinal))
                throw IamException.InvalidInput($"Unknown region {region}; this platform has {string.Join(", ", platformRegions)}.");
        return regions;
    }

    private static string Timestamp(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z";
}
