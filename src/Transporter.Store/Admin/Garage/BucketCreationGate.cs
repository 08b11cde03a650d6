using Transporter.Identity;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// The createBucket permission of Garage keys (UpdateKey allow/deny), consulted by S3 CreateBucket. Keys the admin
/// API never touched keep the right every key had before it (they may create buckets).
/// </summary>
internal sealed class BucketCreationGate(AdminKeyTable table)
{
    public async Task<bool> MayCreateBucketAsync(Caller caller, CancellationToken ct) =>
        (await table.FindAsync(caller.AccessKey, ct).ConfigureAwait(false))?.CreateBucket ?? true;
}
