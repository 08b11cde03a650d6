using System.Runtime.CompilerServices;
using Transporter.Core.Filters;
using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;

namespace Transporter.Worker.Listing;

/// <summary>Which source objects a run copies, in key order from its checkpoint: all of them (migration), those the
/// destination lacks or holds differently (simple sync), or those modified since the previous successful run (by-time
/// sync); always only those the migration's filters select, applied here as the listing streams, so the runs and the
/// plans of a migration count the same objects.</summary>
public static class ObjectSelection
{
    public static IAsyncEnumerable<ObjectSummary> ToCopyAsync(Migration migration, MigrationRun run, OpenedEndpoints endpoints, CancellationToken ct)
    {
        var source = ObjectSelector.For(migration.Controls.Filters).Apply(endpoints.Source.ListAsync(endpoints.Prefix, run.LastKey, ct), ct);
        if (migration.Kind != MigrationKind.Sync) return source;
        return migration.SyncMode == SyncMode.ByTime
            ? ModifiedSinceAsync(source, run.Since, ct)
            // Keys keep their full names at the destination, so both sides are listed with the same prefix.
            : SyncMerge.MissingOrDifferentAsync(source, endpoints.Destination.ListAsync(endpoints.Prefix, run.LastKey, ct), ct);
    }

    internal static async IAsyncEnumerable<ObjectSummary> ModifiedSinceAsync(IAsyncEnumerable<ObjectSummary> source, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Listings give whole seconds (S3, Azure): an object rewritten in the same second the previous run started at
        // shows a LastModified below a millisecond threshold and would be missed. Copying it again is harmless.
        var threshold = since is { } t ? new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) : default;

        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
            if (since is null || item.LastModified >= threshold) yield return item;
    }
}
