using System.Runtime.CompilerServices;
using Transporter.Core.Storage;

namespace Transporter.Worker.Listing;

/// <summary>
/// The verify run's selection: walks the source and destination listings together (both in <see cref="KeyOrder"/>) and
/// yields every key of either, each with what the other side listed (<see cref="ObjectSummary.Counterpart"/>): a source
/// object with the destination's entry (or none), or a destination object the source lacks. Neither listing is held in
/// memory beyond the provider's page.
/// </summary>
public static class ListingComparison
{
    public static async IAsyncEnumerable<ObjectSummary> EveryKeyAsync(
        IAsyncEnumerable<ObjectSummary> source, IAsyncEnumerable<ObjectSummary> destination, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var dst = destination.GetAsyncEnumerator(ct);
        var hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
        {
            while (hasDst && KeyOrder.Instance.Compare(dst.Current.Key, item.Key) < 0)
            {
                yield return dst.Current with { Counterpart = new ListedCounterpart(null, OnlyAtDestination: true) };
                hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
            }
            if (hasDst && KeyOrder.Instance.Compare(dst.Current.Key, item.Key) == 0)
            {
                yield return item with { Counterpart = new ListedCounterpart(dst.Current) };
                hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
            }
            else
                yield return item with { Counterpart = new ListedCounterpart(null) };
        }
        for (; hasDst; hasDst = await dst.MoveNextAsync().ConfigureAwait(false))
            yield return dst.Current with { Counterpart = new ListedCounterpart(null, OnlyAtDestination: true) };
    }
}
