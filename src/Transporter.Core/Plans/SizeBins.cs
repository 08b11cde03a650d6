namespace Transporter.Core.Plans;

/// <summary>The spec's 12 bins of GET /plans/:id "distribution" (labels, min and max exactly as the spec lists them).</summary>
public static class SizeBins
{
    public static readonly IReadOnlyList<SizeBin> All =
    [
        new("< 10B", 0, 10),
        new("10B - 100B", 11, 100),
        new("100B - 1KB", 101, 1_000),
        new("1KB - 5KB", 1_001, 5_000),
        new("5KB - 10KB", 5_001, 10_000),
        new("10KB - 100KB", 10_001, 100_000),
        new("100KB - 1MB", 100_001, 1_000_000),
        new("1MB - 10MB", 1_000_001, 10_000_000),
        new("10MB - 100MB", 10_000_001, 100_000_000),
        new("100MB - 1GB", 100_000_001, 1_000_000_000),
        new("1GB - 10GB", 1_000_000_001, 10_000_000_000),
        new("> 10GB", 10_000_000_001, 100_000_000_000),
    ];

    public static int Count => All.Count;

    /// <summary>The bin of an object of <paramref name="size"/> bytes. The last bin also takes objects above its
    /// nominal max (a single S3 object may reach 5 TB); a negative size counts as empty.</summary>
    public static int IndexOf(long size)
    {
        for (var i = 0; i < All.Count - 1; i++)
            if (size <= All[i].Max) return i;
        return All.Count - 1;
    }
}
