using Transporter.Core.Migrations;
using Transporter.Core.Storage;

namespace Transporter.Core.Tests.Migrations;

public sealed class BatchAccumulatorTests
{
    private static ObjectSummary O(int i, long size) => new($"k{i:D4}", size, DateTimeOffset.UnixEpoch, null);

    private static List<IReadOnlyList<ObjectSummary>> Group(IEnumerable<ObjectSummary> items, int maxObjects = CopyBatch.MaxObjects, long maxBytes = CopyBatch.MaxBytes)
    {
        var accumulator = new BatchAccumulator(maxObjects, maxBytes);
        var batches = new List<IReadOnlyList<ObjectSummary>>();
        foreach (var item in items) batches.AddRange(accumulator.Add(item));
        if (accumulator.Flush() is { } last) batches.Add(last);
        return batches;
    }

    [Fact]
    public void Batches_hold_at_most_100_objects()
    {
        var batches = Group(Enumerable.Range(0, 250).Select(i => O(i, 1)));

        Assert.Equal([100, 100, 50], batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"k{i:D4}"), batches.SelectMany(b => b).Select(o => o.Key));
    }

    [Fact]
    public void Batches_hold_at_most_64_MiB_and_a_larger_object_travels_alone()
    {
        const long MiB = 1024 * 1024;
        var batches = Group([O(0, 30 * MiB), O(1, 30 * MiB), O(2, 30 * MiB), O(3, 65 * MiB), O(4, 1), O(5, 64 * MiB)]);

        Assert.Equal([["k0000", "k0001"], ["k0002"], ["k0003"], ["k0004"], ["k0005"]], batches.Select(b => b.Select(o => o.Key).ToArray()));
    }

    [Fact]
    public void Nothing_added_means_no_batch()
    {
        Assert.Empty(Group([]));
    }
}
