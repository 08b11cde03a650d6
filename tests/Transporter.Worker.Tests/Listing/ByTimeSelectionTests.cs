using Transporter.Core.Storage;
using Transporter.Worker.Listing;

namespace Transporter.Worker.Tests.Listing;

public sealed class ByTimeSelectionTests
{
    private static async IAsyncEnumerable<ObjectSummary> Listing(params (string Key, DateTimeOffset Modified)[] items)
    {
        foreach (var (key, modified) in items) yield return new ObjectSummary(key, 1, modified, null);
        await Task.CompletedTask;
    }

    private static async Task<string[]> SelectAsync(DateTimeOffset? since, params (string, DateTimeOffset)[] items)
    {
        var keys = new List<string>();
        await foreach (var o in ObjectSelection.ModifiedSinceAsync(Listing(items), since, CancellationToken.None)) keys.Add(o.Key);
        return [.. keys];
    }

    [Fact]
    public async Task An_object_rewritten_in_the_same_second_the_previous_run_started_is_copied()
    {
        var runStart = new DateTimeOffset(2026, 11, 21, 10, 0, 5, 700, TimeSpan.Zero);
        var sameSecond = new DateTimeOffset(2026, 11, 21, 10, 0, 5, TimeSpan.Zero); // listings carry whole seconds
        var before = new DateTimeOffset(2026, 11, 21, 10, 0, 4, TimeSpan.Zero);
        var after = new DateTimeOffset(2026, 11, 21, 10, 0, 6, TimeSpan.Zero);

        Assert.Equal(["same", "after"], await SelectAsync(runStart, ("before", before), ("same", sameSecond), ("after", after)));
    }

    [Fact]
    public async Task Without_a_previous_run_everything_is_copied()
    {
        Assert.Equal(["a", "b"], await SelectAsync(null, ("a", DateTimeOffset.UnixEpoch), ("b", DateTimeOffset.UtcNow)));
    }
}
