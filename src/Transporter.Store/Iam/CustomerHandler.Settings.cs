using System.Globalization;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;

namespace Transporter.Store.Iam;

internal sealed partial class CustomerHandler
{
    /// <summary>The caller's regions (a customer's own; the platform's for a reseller), or, for a reseller naming Customer,
    /// that customer's; sorted.</summary>
    private async Task<IamReply> AvailableRegionsAsync(IamRequest request)
    {
        var ct = request.Http.RequestAborted;
        IReadOnlyList<string> regions = platformRegions;
        var enforcement = false;
        CustomerInfo? customer = null;
        if (request.Optional("Customer") is { } named && IsReseller(request))
            customer = await OwnCustomerAsync(request, named.Trim().ToLowerInvariant()).ConfigureAwait(false);
        else customer = await customers.GetAsync(request.Caller.Root, ct).ConfigureAwait(false);
        if (customer is not null)
        {
            regions = customer.Regions;
            enforcement = customer.ReplicationEnforcement;
        }
        return IamReply.Json(request, new { Regions = regions.Order(StringComparer.Ordinal).ToList(), ReplicationEnforcement = enforcement });
    }

    /// <summary>Switches the store (Service "space" or "s3"), the migration API and GUI ("transporter") or IAM/STS ("iam")
    /// for one customer: Enabled=true|false or AccessLevel=enabled|disabled, an optional ExpirationDate ending it.</summary>
    private async Task<IamReply> SetServiceAccessAsync(IamRequest request)
    {
        RequireReseller(request);
        var ct = request.Http.RequestAborted;
        var name = CustomerName(request, "CustomerName", "Customer");
        var serviceName = request.Required("Service");
        var service = CustomerServices.Parse(serviceName)
                      ?? throw IamException.InvalidInput($"Unknown service {serviceName}: must be space (s3), transporter or iam.");
        bool enabled;
        if (request.Optional("AccessLevel") is { } level)
            enabled = level.ToLowerInvariant() switch
            {
                "enabled" => true,
                "disabled" => false,
                _ => throw IamException.InvalidInput("AccessLevel must be \"enabled\" or \"disabled\"."),
            };
        else if (request.Optional("Enabled") is not null) enabled = request.Flag("Enabled");
        else throw IamException.Missing("Enabled");
        DateTimeOffset? expires = null;
        if (request.Optional("ExpirationDate") is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                throw IamException.InvalidInput($"ExpirationDate {text} is no ISO-8601 date.");
            expires = at;
        }
        var customer = await OwnCustomerAsync(request, name).ConfigureAwait(false);
        await customers.SetServiceAsync(customer.Name, service, enabled, expires, ct).ConfigureAwait(false);
        return IamReply.Json(request, new { Ok = true });
    }

    /// <summary>Temporary keys of the customer's root user for its reseller, when the customer allows it (AssumeRoleControl
    /// set and AssumeRoleEnabled). The answer carries the SessionToken besides the spec's fields: the keys sign nothing without it.</summary>
    private async Task<IamReply> AssumeCustomerRoleAsync(IamRequest request)
    {
        RequireReseller(request);
        var ct = request.Http.RequestAborted;
        var customer = await OwnCustomerAsync(request, CustomerName(request, "Customer", "CustomerName")).ConfigureAwait(false);
        var duration = 900;
        if (request.Optional("DurationSeconds") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < minSessionSeconds
                || duration > StsHandler.MaxDurationSeconds))
            throw IamException.Validation($"DurationSeconds must be between {minSessionSeconds} and {StsHandler.MaxDurationSeconds}.");
        if (!customer.Active) throw IamException.AccessDenied($"The customer {customer.Name} is disabled.");
        if (customer.AssumeRoleControl.Length == 0 || !customer.AssumeRoleEnabled)
            throw IamException.AccessDenied($"The customer {customer.Name} does not allow its reseller to assume its role.");
        var root = await roots.GetRootAsync(customer.Name, ct).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The customer {customer.Name} does not exist.");
        var session = await sessions.CreateSessionAsync(customer.Name, root.RootUserName, TimeSpan.FromSeconds(duration), null, ct).ConfigureAwait(false);
        return IamReply.Json(request, new
        {
            Ok = true,
            AccessKeyId = session.AccessKeyId,
            SecretAccessKey = session.SecretAccessKey,
            SessionToken = session.SessionToken,
            Expiration = Timestamp(session.Expiration),
        });
    }
}
