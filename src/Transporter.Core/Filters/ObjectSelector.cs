using System.Runtime.CompilerServices;
using Transporter.Core.Storage;

namespace Transporter.Core.Filters;

/// <summary>A compiled <see cref="ObjectFilter"/>: tests listed objects, and filters a listing as it streams.</summary>
public sealed class ObjectSelector(
    IReadOnlyList<KeyGlob> include, IReadOnlyList<KeyGlob> exclude, long? minSize, long? maxSize, DateTimeOffset? modifiedAfter,
    DateTimeOffset? modifiedBefore)
{
    /// <summary>Selects everything.</summary>
    public static readonly ObjectSelector All = new([], [], null, null, null, null);

    public static ObjectSelector For(ObjectFilter? filter) => filter is null || filter.IsEmpty ? All : filter.Compile();

    public bool SelectsEverything => ReferenceEquals(this, All);

    public bool Selects(ObjectSummary item) =>
        (include.Count == 0 || include.Any(g => g.Matches(item.Key)))
        && !exclude.Any(g => g.Matches(item.Key))
        && (minSize is not { } min || item.Size >= min)
        && (maxSize is not { } max || item.Size <= max)
        && (modifiedAfter is not { } after || item.LastModified >= after)
        && (modifiedBefore is not { } before || item.LastModified < before);

    /// <summary>The selected objects of <paramref name="listing"/>, in its order, as it streams.</summary>
    public IAsyncEnumerable<ObjectSummary> Apply(IAsyncEnumerable<ObjectSummary> listing, CancellationToken ct = default) =>
        SelectsEverything ? listing : FilterAsync(listing, ct);

    private async IAsyncEnumerable<ObjectSummary> FilterAsync(IAsyncEnumerable<ObjectSummary> listing, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in listing.WithCancellation(ct).ConfigureAwait(false))
            if (Selects(item)) yield return item;
    }
}
