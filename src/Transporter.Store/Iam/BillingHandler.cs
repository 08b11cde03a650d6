using System.Globalization;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;
using Transporter.Store.Billing;

namespace Transporter.Store.Iam;

/// <summary>
/// RSListBillingData (per day between From and Till: transfer bytes under the platform's region, used space, object
/// count; newest first) and RSLiveBilling (the last hour by minute, newest first, the last two minutes left out as
/// still incomplete, minutes without uploads or deletes omitted), for the caller's root, from the counters the store
/// keeps (<see cref="BillingMeter"/>). The root user reads them; a reseller may name one of its customers (CustomerName).
/// </summary>
internal sealed class BillingHandler(BillingStore store, BillingMeter meter, CustomerStore customers, Resellers resellers, string region, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal) { "RSListBillingData", "RSLiveBilling" };

    /// <summary>The longest From..Till range answered.</summary>
    public const int MaxDays = 400;

    public async Task<IamReply> HandleAsync(IamRequest request)
    {
        var ct = request.Http.RequestAborted;
        var root = await BilledRootAsync(request).ConfigureAwait(false);
        DateTimeOffset? from = null, till = null;
        if (request.Action == "RSListBillingData")
        {
            from = Date(request, "From");
            till = Date(request, "Till");
            if (till < from) throw IamException.InvalidInput("Till is before From.");
            if ((till.Value - from.Value).TotalDays > MaxDays) throw IamException.InvalidInput($"From..Till spans more than {MaxDays} days.");
        }
        // This process's counts of the last seconds are not in the tables yet.
        await meter.FlushAsync(ct).ConfigureAwait(false);
        if (from is not null) return IamReply.Json(request, await DaysAsync(root, from.Value, till!.Value, ct).ConfigureAwait(false));
        var now = clock.GetUtcNow();
        var minute = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() - now.ToUnixTimeMilliseconds() % 60_000);
        var minutes = await store.ListMinutesAsync(root, minute.AddMinutes(-60), minute.AddMinutes(-1), ct).ConfigureAwait(false);
        return IamReply.Json(request, minutes
            .Where(m => m.Counts.UploadBytes + m.Counts.UploadObjects + m.Counts.DeleteBytes + m.Counts.DeleteObjects > 0)
            .Select(m => new
            {
                date = Timestamp(m.Date),
                uploadedBytes = m.Counts.UploadBytes,
                uploadedObjects = m.Counts.UploadObjects,
                deletedBytes = m.Counts.DeleteBytes,
                deletedObjects = m.Counts.DeleteObjects,
            }).ToList());
    }

    private async Task<object> DaysAsync(string root, DateTimeOffset from, DateTimeOffset till, CancellationToken ct)
    {
        var days = await store.ListDaysAsync(root, from, till, ct).ConfigureAwait(false);
        return new
        {
            Stats = new Dictionary<string, object>
            {
                [region] = days.Select(d => new { Date = Timestamp(d.Date), d.UploadBytes, d.DownloadBytes, d.DeleteBytes }).ToList(),
            },
            UsedSpace = days.Select(d => new { Date = Timestamp(d.Date), d.UsedSpace, GhostSpace = 0L }).ToList(),
            ObjectCount = days.Select(d => new { Date = Timestamp(d.Date), d.ObjectCount }).ToList(),
        };
    }

    private async Task<string> BilledRootAsync(IamRequest request)
    {
        var caller = request.Caller;
        if (!caller.IsRoot || caller.SessionPolicy is not null)
            throw IamException.AccessDenied($"User: {request.UserArn(caller.UserName)} is not authorized to perform: iam:{request.Action}: only the root user may.");
        if (request.Optional("CustomerName") is not { } named) return caller.Root;
        var name = named.Trim().ToLowerInvariant();
        if (!resellers.IsReseller(caller.Root) || caller.IsSession)
            throw IamException.AccessDenied("Only a reseller reads the billing of a customer.");
        var customer = await customers.GetAsync(name, request.Http.RequestAborted).ConfigureAwait(false);
        if (customer is null || customer.Reseller != caller.Root) throw new IdentityException(IdentityErrorKind.NotFound, $"The customer {name} does not exist.");
        return customer.Name;
    }

    private static DateTimeOffset Date(IamRequest request, string name)
    {
        var text = request.Required(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : throw IamException.InvalidInput($"{name} {text} is no ISO-8601 date.");
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
