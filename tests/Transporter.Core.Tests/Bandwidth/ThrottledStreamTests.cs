using System.Diagnostics;
using Transporter.Core.Bandwidth;

namespace Transporter.Core.Tests.Bandwidth;

public class ThrottledStreamTests
{
    [Fact]
    public async Task Large_reads_are_split_into_small_slices_of_budget()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(100_000, clock);
        var data = new byte[20_000];
        Random.Shared.NextBytes(data);
        await using var stream = new ThrottledStream(new MemoryStream(data), limiter);
        var buffer = new byte[1 << 20];

        var first = await stream.ReadAsync(buffer); // the burst covers the first slice
        Assert.Equal(5_000, first); // 1/20 s of budget, although 1 MiB was asked for
        var second = stream.ReadAsync(buffer).AsTask();
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(5_000, await second);
        Assert.Equal(data.AsSpan(5_000, 5_000).ToArray(), buffer.AsSpan(0, 5_000).ToArray());
        Assert.Equal(10_000, stream.Position);
    }

    [Fact]
    public async Task Eight_concurrent_readers_share_1_MB_per_second_in_real_time()
    {
        // The limiter's own correctness on the real clock: 3 MB at 1 MB/s must take 3 s (within 5%).
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
