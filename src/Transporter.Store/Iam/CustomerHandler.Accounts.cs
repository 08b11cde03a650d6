using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;

namespace Transporter.Store.Iam;

internal sealed partial class CustomerHandler
{
    private static readonly string[] AssumeRoleControls = ["reseller", "customer", ""];

    /// <summary>A root with its root user (named by the email, signing in with the password): no access key is made,
    /// the customer signs in with RSLogin and creates its own. Undone entirely when any step fails.</summary>
    private async Task<IamReply> CreateAsync(IamRequest request)
    {
        RequireReseller(request);
        var ct = request.Http.RequestAborted;
        var name = CustomerName(request, "CustomerName", "Name");
        var email = request.Optional("CustomerEmail") ?? request.Optional("Email") ?? throw IamException.Missing("CustomerEmail");
        var password = request.Required("Password");
        var control = request.Optional("AssumeRoleControl") ?? "";
        if (!AssumeRoleControls.Contains(control)) throw IamException.InvalidInput("AssumeRoleControl must be \"reseller\", \"customer\" or empty.");
        var replication = request.Flag("ReplicationEnforcement");
        var restrict = request.Flag("RestrictServiceAccess");
        var regions = Regions(request) ?? platformRegions;
        IdentityNames.ValidateRoot(name);
        IdentityNames.ValidateUser(email);
        if (PasswordHashing.Weakness(password) is { } weakness) throw IamException.InvalidInput(weakness);
        if (await roots.GetRootAsync(name, ct).ConfigureAwait(false) is not null)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The customer {name} already exists.");

        var created = await roots.CreateRootAsync(name, email, ct: ct).ConfigureAwait(false);
        try
        {
            await keys.DeleteAccessKeyAsync(name, email, created.AccessKey.AccessKeyId, CancellationToken.None).ConfigureAwait(false);
            await passwords.SetPasswordAsync(name, email, password, mustChange: false, CancellationToken.None).ConfigureAwait(false);
            await customers.CreateAsync(name, request.Caller.Root, email, control, replication, regions, restrict, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await roots.DeleteRootAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return IamReply.Json(request, new { Ok = true, Root = "lyve:" + name, RootID = created.Root.Id });
    }

    /// <summary>The reseller changes status, regions, replication enforcement and (when it controls it) AssumeRoleEnabled;
    /// a customer's root user changes only AssumeRoleEnabled, when the customer controls it. Every parameter is checked
    /// before anything changes.</summary>
    private async Task<IamReply> ModifyAsync(IamRequest request)
    {
        var ct = request.Http.RequestAborted;
        var name = CustomerName(request, "CustomerName");
        var status = request.Optional("Status")?.ToLowerInvariant();
        if (status is not (null or "enabled" or "disabled" or "deleted"))
            throw IamException.InvalidInput("Status must be \"enabled\", \"disabled\" or \"deleted\".");
        bool? assumeRole = request.Optional("AssumeRoleEnabled") is null ? null : request.Flag("AssumeRoleEnabled");
        bool? replication = request.Optional("ReplicationEnforcement") is null ? null : request.Flag("ReplicationEnforcement");
        var regions = Regions(request);
        CustomerInfo customer;
        if (IsReseller(request))
        {
            customer = await OwnCustomerAsync(request, name).ConfigureAwait(false);
            if (assumeRole is not null && customer.AssumeRoleControl != "reseller")
                throw IamException.AccessDenied($"AssumeRole of {name} is controlled by \"{customer.AssumeRoleControl}\", not by the reseller.");
        }
        else if (request.Caller.IsRoot && request.Caller.Root == name && await customers.GetAsync(name, ct).ConfigureAwait(false) is { } own)
        {
            customer = own;
            if (status is not null || replication is not null || regions is not null || assumeRole is null || customer.AssumeRoleControl != "customer")
                throw IamException.AccessDenied($"The customer {name} may change only AssumeRoleEnabled, and only when it controls it.");
        }
        else
        {
            throw IamException.AccessDenied($"User: {request.UserArn(request.Caller.UserName)} is not authorized to perform: iam:RSModifyCustomer");
        }

        if (status == "deleted")
        {
            if (engine.ListBuckets(name).Count > 0)
                throw new IdentityException(IdentityErrorKind.DeleteConflict, $"The customer {name} still owns buckets; delete them first.");
            await roots.DeleteRootAsync(name, ct).ConfigureAwait(false);
            await customers.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
            await disabled.SetAsync(name, false, CancellationToken.None).ConfigureAwait(false);
            return IamReply.NoBody(request);
        }
        bool? active = status is null ? null : status == "enabled";
        // Keys first: once the store refuses them, the customer row follows (a failure in between leaves the safer state).
        if (active is { } on) await disabled.SetAsync(name, !on, ct).ConfigureAwait(false);
        await customers.ModifyAsync(name, new CustomerChange(active, assumeRole, replication, regions), CancellationToken.None).ConfigureAwait(false);
        return IamReply.NoBody(request);
    }

    private async Task<IamReply> ListAsync(IamRequest request)
    {
        RequireReseller(request);
        var list = await customers.ListAsync(request.Caller.Root, request.Http.RequestAborted).ConfigureAwait(false);
        var answer = new List<object>();
        foreach (var c in list)
        {
            var root = await roots.GetRootAsync(c.Name, request.Http.RequestAborted).ConfigureAwait(false);
            answer.Add(new
            {
                Name = c.Name,
                RootID = root?.Id ?? "",
                Active = c.Active,
                CreatedOn = Timestamp(c.CreatedAt),
                SuspendedAt = Timestamp(c.SuspendedAt),
                AssumeRoleControl = c.AssumeRoleControl,
                AssumeRoleEnabled = c.AssumeRoleEnabled,
                Regions = c.Regions,
                ReplicationEnforcement = c.ReplicationEnforcement,
            });
        }
        return IamReply.Json(request, answer);
    }

    /// <summary>Counts from the store's engine (buckets, objects, bytes) and from identity (users; the root user is the one
    /// admin root); LastAccess is the customer's latest audited IAM/STS call.</summary>
    private async Task<IamReply> DetailsAsync(IamRequest request)
    {
        RequireReseller(request);
        var ct = request.Http.RequestAborted;
        var customer = await OwnCustomerAsync(request, CustomerName(request, "CustomerName")).ConfigureAwait(false);
        var buckets = engine.ListBuckets(customer.Name);
        long files = 0, bytes = 0;
        foreach (var bucket in buckets)
        {
            var usage = engine.GetBucketUsage(customer.Name, bucket.Name);
            files += usage.Objects;
            bytes += usage.Bytes;
        }
        var rootUsers = await users.ListUsersAsync(customer.Name, ct).ConfigureAwait(false);
        var lastAccess = (await audit.ListAuditAsync(customer.Name, 1, ct).ConfigureAwait(false)).Select(a => (DateTimeOffset?)a.At).FirstOrDefault();
        return IamReply.Json(request, new
        {
            Email = customer.Email,
            LastAccess = Timestamp(lastAccess),
            AssumeRoleControl = customer.AssumeRoleControl,
            AssumeRoleEnabled = customer.AssumeRoleEnabled,
            Active = customer.Active,
            NumBuckets = buckets.Count,
            NumFiles = files,
            NumUsers = rootUsers.Count,
            NumAdminUsers = 0,
            NumAdminRoots = rootUsers.Count(u => u.IsRoot),
            UsedSpace = bytes,
        });
    }
}
