using System.Diagnostics;
using Transporter.Core.Bandwidth;

namespace Transporter.Core.Tests.Bandwidth;

[CollectionDefinition(nameof(RealTimeMeasurement), DisableParallelization = true)]
public sealed class RealTimeMeasurement;

/// <summary>The limiter's own correctness on the real clock. Runs alone (no parallel tests starving the thread pool)
/// because it measures wall-clock time.</summary>
[Collection(nameof(RealTimeMeasurement))]
public class ThrottledStreamRealTimeTests
{
    [Fact]
    public async Task Eight_concurrent_readers_share_1_MB_per_second()
    {
        // 3 MB at 1 MB/s must take 3 s (within 5%).
        using var limiter = new BandwidthLimiter(1_000_000);
        const int perReader = 375_000;
        var clock = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var source = new ThrottledStream(new MemoryStream(new byte[perReader]), limiter);
            await source.CopyToAsync(Stream.Null, 81920);
            return source.Position;
        }).ToList();

        var copied = (await Task.WhenAll(readers)).Sum();
        clock.Stop();

        Assert.Equal(3_000_000, copied);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.85, 3.15);
    }
}
