using System.Runtime.CompilerServices;
using Transporter.Core.Storage;

namespace Transporter.Worker.Listing;

/// <summary>
/// The verify run's selection: walks the source and destination listings together (both in <see cref="KeyOrder"/>,
/// <see cref="SyncMerge.PairsAsync"/>) and yields every key of either, each with what the other side listed
/// (<see cref="ObjectSummary.Counterpart"/>): a source object with the destination's entry (or none), or a destination
/// object the source lacks. Neither listing is held in memory beyond the provider's page.
/// </summary>
public static class ListingComparison
{
    public static async IAsyncEnumerable<ObjectSummary> EveryKeyAsync(
        IAsyncEnumerable<ObjectSummary> source, IAsyncEnumerable<ObjectSummary> destination, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var (src, dst) in SyncMerge.PairsAsync(source, destination, ct).ConfigureAwait(false))
            yield return src is null
                ? dst! with { Counterpart = new ListedCounterpart(null, OnlyAtDestination: true) }
                : src with { Counterpart = new ListedCounterpart(dst) };
    }
}
