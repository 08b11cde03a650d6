using Transporter.Core.Bandwidth;

namespace Transporter.Core.Tests.Bandwidth;

/// <summary>Deterministic: time is a fake clock moved by the test.</summary>
public class BandwidthLimiterTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Grants_the_limit_over_30_seconds_shared_fairly_among_concurrent_waiters()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(100_000, clock);
        const int chunk = 4096;
        var pending = new Task[5];
        var granted = new long[5];
        for (var i = 0; i < pending.Length; i++) pending[i] = limiter.WaitAsync(chunk, default).AsTask();

        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            for (var i = 0; i < pending.Length; i++)
            {
                while (pending[i].IsCompletedSuccessfully)
                {
                    granted[i] += chunk;
                    pending[i] = limiter.WaitAsync(chunk, default).AsTask();
                }
            }
            clock.Advance(Ms);
        }

        var total = granted.Sum();
        // 30 s at 100 kB/s, give or take the chunks granted on credit in the last step.
        Assert.InRange(total, 3_000_000 - 5 * chunk, 3_000_000 + 5 * chunk);
        foreach (var share in granted) Assert.InRange(share, total / 5 * 0.95, total / 5 * 1.05);
    }

    [Fact]
    public void A_rate_change_applies_at_once_to_a_waiter_already_queued()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(1_000, clock);
        Assert.True(limiter.WaitAsync(2_000, default).IsCompletedSuccessfully); // not in debt yet: borrows 2000 bytes
        var next = limiter.WaitAsync(50, default).AsTask(); // must wait 2 s for the debt at 1 kB/s

        clock.Advance(100 * Ms);
        Assert.False(next.IsCompleted);

        limiter.SetRate(1_000_000);
        clock.Advance(2 * Ms);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(110));
    }

    [Fact]
    public void Lowering_the_rate_slows_a_queued_waiter()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(100_000, clock);
        Assert.True(limiter.WaitAsync(1_000, default).IsCompletedSuccessfully); // 1000 bytes of debt
        var waiter = limiter.WaitAsync(1_000, default).AsTask(); // 10 ms at 100 kB/s

        limiter.SetRate(1_000); // the debt now takes 1 s to pay
        clock.Advance(10 * Ms);
        Assert.False(waiter.IsCompleted);
        clock.Advance(980 * Ms);
        Assert.False(waiter.IsCompleted);
        clock.Advance(10 * Ms);
        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.Equal(1_000, limiter.BytesPerSecond);
    }

    [Fact]
    public void Unlimited_never_waits_and_switching_to_unlimited_releases_queued_waiters()
    {
        var clock = new FakeClock();
        using var unlimited = new BandwidthLimiter(0, clock);
        for (var i = 0; i < 1000; i++) Assert.True(unlimited.WaitAsync(int.MaxValue, default).IsCompletedSuccessfully);

        using var limiter = new BandwidthLimiter(1_000, clock);
        Assert.True(limiter.WaitAsync(1_050, default).IsCompletedSuccessfully);
        var queued = Enumerable.Range(0, 10).Select(_ => limiter.WaitAsync(1_000, default).AsTask()).ToList();
        Assert.All(queued, t => Assert.False(t.IsCompleted));

        limiter.SetRate(0);
        Assert.All(queued, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(0, limiter.QueueLength);
    }

    [Fact]
    public void Cancelling_a_waiter_removes_it_and_takes_no_budget()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(1_000, clock);
        Assert.True(limiter.WaitAsync(50, default).IsCompletedSuccessfully); // 50 bytes of debt: 50 ms
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.WaitAsync(50, cts.Token).AsTask();
        var second = limiter.WaitAsync(50, default).AsTask();

        cts.Cancel();
        Assert.True(cancelled.IsCanceled);
        clock.Advance(50 * Ms); // the debt is paid: the second waiter goes, as the cancelled one took nothing
        Assert.True(second.IsCompletedSuccessfully);
        var third = limiter.WaitAsync(50, default).AsTask();
        clock.Advance(49 * Ms);
        Assert.False(third.IsCompleted);
        clock.Advance(Ms);
        Assert.True(third.IsCompletedSuccessfully);

        Assert.True(limiter.WaitAsync(1, new CancellationToken(canceled: true)).IsCanceled);
    }

    [Fact]
    public void Requests_larger_than_the_bucket_complete_and_keep_the_long_run_rate()
    {
        var clock = new FakeClock();
        using var limiter = new BandwidthLimiter(1_000, clock);
        var requests = Enumerable.Range(0, 10).Select(_ => limiter.WaitAsync(10_000, default).AsTask()).ToList();
        var completedAt = new TimeSpan[10];
        while (requests.Any(r => !r.IsCompleted))
        {
            clock.Advance(10 * Ms);
            for (var i = 0; i < 10; i++) if (requests[i].IsCompleted && completedAt[i] == default) completedAt[i] = clock.Elapsed;
        }
        // 100 kB at 1 kB/s: the last one is admitted once the first 90 kB are paid for.
        Assert.InRange(completedAt[^1].TotalSeconds, 90.0, 90.02);
        Assert.Equal(completedAt.Order(), completedAt); // first come, first served
    }

    [Fact]
    public void Registry_shares_one_limiter_per_migration_and_keeps_the_latest_rate()
    {
        var clock = new FakeClock();
        using var registry = new BandwidthLimiterRegistry(clock);
        var migration = Guid.NewGuid();
        registry.SetRate(migration, 5_000); // a limit set before the first transfer starts wins over the message's
        var first = registry.GetOrCreate(migration, 1_000);
        var again = registry.GetOrCreate(migration, 1_000);
        var other = registry.GetOrCreate(Guid.NewGuid(), 0);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(5_000, first.BytesPerSecond);
        registry.SetRate(migration, 7_000);
        Assert.Equal(7_000, first.BytesPerSecond);

        Assert.True(first.WaitAsync(1_000, default).IsCompletedSuccessfully);
        var waiting = first.WaitAsync(1_000, default).AsTask();
        registry.Remove(migration);
        Assert.IsType<ObjectDisposedException>(waiting.Exception?.InnerException);
        Assert.NotSame(first, registry.GetOrCreate(migration, 1_000));
    }
}
