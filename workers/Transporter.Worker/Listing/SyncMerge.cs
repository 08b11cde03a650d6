using System.Runtime.CompilerServices;
using Transporter.Core.Storage;

namespace Transporter.Worker.Listing;

/// <summary>
/// The simple sync's selection: walks the source and destination listings together (both in <see cref="KeyOrder"/>)
/// and yields the source objects the destination lacks or holds in another version: a different size, or a different
/// ETag when both ETags are plain MD5s (multipart, Azure and GCS ETags say nothing about content across providers).
/// Neither listing is held in memory beyond the provider's page.
/// </summary>
public static class SyncMerge
{
    public static async IAsyncEnumerable<ObjectSummary> MissingOrDifferentAsync(
        IAsyncEnumerable<ObjectSummary> source, IAsyncEnumerable<ObjectSummary> destination, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var dst = destination.GetAsyncEnumerator(ct);
        var hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
        {
            while (hasDst && KeyOrder.Instance.Compare(dst.Current.Key, item.Key) < 0)
                hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
            if (!hasDst || KeyOrder.Instance.Compare(dst.Current.Key, item.Key) > 0 || Differs(item, dst.Current))
                yield return item;
        }
    }

    /// <summary>Both listings walked together in key order: each key once, with the source's and the destination's entry
    /// (either null when that side lacks the key).</summary>
    public static async IAsyncEnumerable<(ObjectSummary? Source, ObjectSummary? Destination)> PairsAsync(
        IAsyncEnumerable<ObjectSummary> source, IAsyncEnumerable<ObjectSummary> destination, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var dst = destination.GetAsyncEnumerator(ct);
        var hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
        {
            while (hasDst && KeyOrder.Instance.Compare(dst.Current.Key, item.Key) < 0)
            {
                yield return (null, dst.Current);
                hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
            }
            if (hasDst && KeyOrder.Instance.Compare(dst.Current.Key, item.Key) == 0)
            {
                yield return (item, dst.Current);
                hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
            }
            else yield return (item, null);
        }
        while (hasDst)
        {
            yield return (null, dst.Current);
            hasDst = await dst.MoveNextAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="destination"/> (same key) is not a copy of <paramref name="source"/>.</summary>
    public static bool Differs(ObjectSummary source, ObjectSummary destination) =>
        source.Size != destination.Size
        || (IsMd5(source.ETag) && IsMd5(destination.ETag) && !string.Equals(source.ETag, destination.ETag, StringComparison.OrdinalIgnoreCase));

    private static bool IsMd5(string? etag) => etag is { Length: 32 } && etag.All(char.IsAsciiHexDigit);
}
