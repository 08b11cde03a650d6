using System.Runtime.CompilerServices;
using Transporter.Core.Filters;
using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;

namespace Transporter.Worker.Listing;

/// <summary>Which objects a run takes, in key order from its checkpoint: all of them (migration), those the destination
/// lacks or holds differently (simple sync), those modified since the previous successful run (by-time sync), or every
/// key of either side with the other side's entry (verify); always only those the migration's filters select, applied
/// here as the listing streams, so the runs, verifications and plans of a migration count the same objects.</summary>
public static class ObjectSelection
{
    public static IAsyncEnumerable<ObjectSummary> ToCopyAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        var selector = ObjectSelector.For(migration.Controls.Filters);
        // An allVersions migration lists every key that has a version, delete markers included.
        var listing = migration.Controls.AllVersions && migration.Kind == MigrationKind.Migration
            ? VersionListing.KeysAsync(endpoints.Source.ListVersionsAsync(endpoints.Prefix, run.LastKey, ct), ct)
            : endpoints.Source.ListAsync(endpoints.Prefix, run.LastKey, ct);
        // Keys keep their full names at the destination, so both sides are listed with the same prefix. A verify run
        // judges the source's existence on the unfiltered listing, then keeps the keys whose own entry the filters select.
        if (migration.Kind == MigrationKind.Verify)
            return selector.Apply(ListingComparison.EveryKeyAsync(listing, endpoints.Destination.ListAsync(endpoints.Prefix, run.LastKey, ct), ct), ct);
        var source = selector.Apply(listing, ct);
        if (migration.Kind != MigrationKind.Sync) return source;
        return migration.SyncMode == SyncMode.ByTime
            ? ModifiedSinceAsync(source, run.Since, ct)
            // Keys keep their full names at the destination, so both sides are listed with the same prefix.
            : SyncMerge.MissingOrDifferentAsync(source, endpoints.Destination.ListAsync(endpoints.Prefix, run.LastKey, ct), ct);
    }

    /// <summary>
    /// The run's listing: the objects to copy (<see cref="ToCopyAsync"/>) and, for a mirror sync (deleteExtraneous), the
    /// destination objects within the filters, told apart by whether the source still has them. The source's existence is
    /// judged on the unfiltered listing, so an object the filters leave out is never deleted because of them. For one key,
    /// the destination's entry comes before the copy, so everything up to a batch's last key is counted by the time it is
    /// batched.
    /// </summary>
    public static IAsyncEnumerable<ListedObject> ListAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        if (migration.Kind != MigrationKind.Sync || !migration.Controls.DeleteExtraneous)
            return ToCopyAsync(migration, run, endpoints, ct).Select(o => new ListedObject(o, ListedAs.Copy));
        var source = endpoints.Source.ListAsync(endpoints.Prefix, run.LastKey, ct);
        var destination = endpoints.Destination.ListAsync(endpoints.Prefix, run.LastKey, ct);
        var threshold = Threshold(run.Since);
        Func<ObjectSummary, ObjectSummary?, bool> copies = migration.SyncMode == SyncMode.ByTime
            ? (src, _) => run.Since is null || src.LastModified >= threshold
            : (src, dst) => dst is null || SyncMerge.Differs(src, dst);
        return MirrorAsync(SyncMerge.PairsAsync(source, destination, ct), ObjectSelector.For(migration.Controls.Filters), copies, ct);
    }

    private static async IAsyncEnumerable<ListedObject> MirrorAsync(IAsyncEnumerable<(ObjectSummary? Source, ObjectSummary? Destination)> pairs,
        ObjectSelector selector, Func<ObjectSummary, ObjectSummary?, bool> copies, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (src, dst) in pairs.WithCancellation(ct).ConfigureAwait(false))
        {
            if (dst is not null && selector.Selects(dst)) yield return new ListedObject(dst, src is null ? ListedAs.Extraneous : ListedAs.AtDestination);
            if (src is not null && selector.Selects(src) && copies(src, dst)) yield return new ListedObject(src, ListedAs.Copy);
        }
    }

    internal static async IAsyncEnumerable<ObjectSummary> ModifiedSinceAsync(IAsyncEnumerable<ObjectSummary> source, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Listings give whole seconds (S3, Azure): an object rewritten in the same second the previous run started at
        // shows a LastModified below a millisecond threshold and would be missed. Copying it again is harmless.
        var threshold = Threshold(since);

        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
            if (since is null || item.LastModified >= threshold) yield return item;
    }

    private static DateTimeOffset Threshold(DateTimeOffset? since) =>
        since is { } t ? new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) : default;
}
