using Transporter.Identity;
using Transporter.Store.Admin.Buckets;
using Transporter.Store.Engine;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// The Buckets page's actions for a root's administrator (its root user): the root's buckets of the built-in store with
/// their usage, quotas and website access, changed through <see cref="BucketAdministration"/> as the admin API changes
/// them. The store's engine lives in processes with the store role; elsewhere <see cref="StoreIsHere"/> is false.
/// </summary>
public sealed class GuiBuckets(IServiceProvider services)
{
    private BucketAdministration? Administration => services.GetService<BucketAdministration>();

    public bool StoreIsHere => Administration is not null;

    /// <summary>The caller's root's buckets, by name; none for a user who is not the root user.</summary>
    public IReadOnlyList<BucketOverview> List(Caller caller) =>
        caller.IsRoot && Administration is { } administration ? administration.ListOwnedBy(caller.Root) : [];

    public async Task<ActionOutcome> UpdateAsync(Caller caller, string bucket, BucketSettingsForm form, CancellationToken ct)
    {
        if (Administration is not { } administration) return ActionOutcome.Refused("The built-in store does not run in this process.");
        if (!caller.IsRoot) return ActionOutcome.Refused("Only the root user of a root administers its buckets.");
        var (update, errors) = form.ToUpdate();
        if (update is null) return ActionOutcome.Refused(string.Join(" ", errors));
        try
        {
            await administration.UpdateAsync(administration.GetOwned(caller.Root, bucket), update, ct);
            return ActionOutcome.Done($"Saved the settings of {bucket}.");
        }
        catch (InvalidBucketSettingsException e)
        {
            return ActionOutcome.Refused(e.Message);
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.NoSuchBucket)
        {
            return ActionOutcome.Refused($"There is no bucket {bucket} (or it is not yours).");
        }
    }
}
