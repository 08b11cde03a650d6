using Transporter.Core.Plans;

namespace Transporter.Core.Tests.Plans;

/// <summary>The distribution's 12 bins exactly as the spec lists them, and which bin each size lands in, including the
/// large bins no test bucket can hold (objects of 100 MB and more).</summary>
public sealed class SizeBinsTests
{
    [Fact]
    public void The_bins_are_the_specs_labels_min_and_max()
    {
        var expected = new (string Label, long Min, long Max)[]
        {
            ("< 10B", 0, 10), ("10B - 100B", 11, 100), ("100B - 1KB", 101, 1000), ("1KB - 5KB", 1001, 5000),
            ("5KB - 10KB", 5001, 10000), ("10KB - 100KB", 10001, 100000), ("100KB - 1MB", 100001, 1000000),
            ("1MB - 10MB", 1000001, 10000000), ("10MB - 100MB", 10000001, 100000000), ("100MB - 1GB", 100000001, 1000000000),
            ("1GB - 10GB", 1000000001, 10000000000), ("> 10GB", 10000000001, 100000000000),
        };

        Assert.Equal(expected, SizeBins.All.Select(b => (b.Label, b.Min, b.Max)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(11, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(1_000, 2)]
    [InlineData(1_001, 3)]
    [InlineData(5_000, 3)]
    [InlineData(5_001, 4)]
    [InlineData(10_000, 4)]
    [InlineData(10_001, 5)]
    [InlineData(100_000, 5)]
    [InlineData(100_001, 6)]
    [InlineData(1_000_000, 6)]
    [InlineData(1_000_001, 7)]
    [InlineData(10_000_000, 7)]
    [InlineData(10_000_001, 8)]
    [InlineData(100_000_000, 8)]
    [InlineData(100_000_001, 9)]
    [InlineData(1_000_000_000, 9)]
    [InlineData(1_000_000_001, 10)]
    [InlineData(10_000_000_000, 10)]
    [InlineData(10_000_000_001, 11)]
    [InlineData(100_000_000_000, 11)]
    [InlineData(5_000_000_000_000, 11)]
    public void Each_size_lands_in_the_bin_whose_range_holds_it(long size, int bin)
    {
        Assert.Equal(bin, SizeBins.IndexOf(size));
        if (size <= SizeBins.All[^1].Max) Assert.InRange(size, SizeBins.All[bin].Min, SizeBins.All[bin].Max);
    }

    [Fact]
    public void Every_size_from_0_to_the_last_max_has_exactly_one_bin_with_no_gap()
    {
        for (var i = 1; i < SizeBins.Count; i++) Assert.Equal(SizeBins.All[i - 1].Max + 1, SizeBins.All[i].Min);
        Assert.Equal(0, SizeBins.All[0].Min);
    }

    [Fact]
    public void A_tally_counts_objects_bytes_and_bins_and_a_snapshot_does_not_move_with_it()
    {
        var tally = new PlanTally();
        foreach (var (key, size) in new[] { ("a", 0L), ("b", 10L), ("c", 11L), ("d", 5_000_000_000L), ("e", 20_000_000_000L) })
            tally.Add(key, size);
        var snapshot = tally.Snapshot();
        tally.Add("f", 1);

        Assert.Equal(5, snapshot.Objects);
        Assert.Equal(25_000_000_021L, snapshot.Bytes);
        Assert.Equal("e", snapshot.LastKey);
        Assert.Equal([2L, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], snapshot.Bins);
        Assert.Equal(6, tally.Objects);
        Assert.Equal(3, tally.Bins[0]);
    }
}
