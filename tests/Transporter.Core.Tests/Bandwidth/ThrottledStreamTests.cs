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
        var copy = new MemoryStream();
        var buffer = new byte[1 << 20];

        while (true)
        {
            var read = stream.ReadAsync(buffer).AsTask();
            while (!read.IsCompleted)
            {
                // Move time only while the stream waits for budget; a served read completes on the thread pool.
                if (limiter.QueueLength > 0) clock.Advance(TimeSpan.FromMilliseconds(1));
                else await Task.Delay(1);
            }
            var n = await read;
            if (n == 0) break;
            Assert.InRange(n, 1, 2_000); // 1/50 s of budget, although 1 MiB was asked for
            copy.Write(buffer, 0, n);
        }

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(20_000, stream.Position);
        // 20 kB at 100 kB/s: 200 ms, less the last slice, taken on credit.
        Assert.InRange(clock.Elapsed.TotalMilliseconds, 179, 181);
    }
}
