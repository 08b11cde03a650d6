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
        // The test host blocks some pool threads of its own; with 2 cores, continuations would wait for the pool to
        // grow (one thread per 0.5 s) and the measurement would time the test host rather than the limiter.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
        // JIT and thread-pool warm-up stay out of the measurement.
        await CopyAsync(new BandwidthLimiter(1_000_000), 8, 25_000);

        // 3 MB at 1 MB/s must take 3 s (within 5%).
        using var limiter = new BandwidthLimiter(1_000_000);
        var clock = Stopwatch.StartNew();
        var copied = await CopyAsync(limiter, 8, 375_000);
        clock.Stop();

        Assert.Equal(3_000_000, copied);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.85, 3.15);
    }

    private static async Task<long> CopyAsync(BandwidthLimiter limiter, int readers, int bytesEach)
    {
        // On the thread pool, not xunit's synchronization context (which runs continuations on its few threads).
        var copies = Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            await using var source = new ThrottledStream(new MemoryStream(new byte[bytesEach]), limiter);
            await source.CopyToAsync(Stream.Null, 81920);
            return source.Position;
        }));
        return (await Task.WhenAll(copies)).Sum();
    }
}
