using Microsoft.Extensions.Options;
using Transporter.Worker.Batches;
using Transporter.Core.Configuration;
using Transporter.Testing.Persistence;

namespace Transporter.Worker.Tests.Batches;

/// <summary>The process's copy slots are shared fairly between runs, a slow (bandwidth-limited) run cannot hold them all,
/// and their number grows when copies wait for them.</summary>
public sealed class CopySlotsTests
{
    private static CopySlots Slots(int capacity) =>
        new(Options.Create(new TransporterOptions { CopyConcurrency = capacity, MaxCopyConcurrency = capacity }), TimeProvider.System);

    [Fact]
    public async Task When_copies_wait_for_a_slot_the_next_interval_adds_a_step_of_slots()
    {
        var clock = new ManualClock();
        var slots = new CopySlots(Options.Create(new TransporterOptions { CopyConcurrency = 2, MaxCopyConcurrency = 8 }), clock);
        var run = Guid.NewGuid();
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        var waiting = slots.WaitAsync(run, () => 0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        clock.Advance(CopySlots.TuneInterval);
        slots.Release(run);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, slots.Capacity);
        // Under the new capacity, one more copy starts at once.
        await slots.WaitAsync(run, () => 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_run_under_a_small_bandwidth_limit_holds_one_slot_per_64_KiB_per_second_and_leaves_the_rest_to_others()
    {
        var slots = Slots(16);
        var slow = Guid.NewGuid();
        var fast = Guid.NewGuid();

        await slots.WaitAsync(slow, () => 20_000, CancellationToken.None);
        var second = slots.WaitAsync(slow, () => 20_000, CancellationToken.None);
        for (var i = 0; i < 15; i++) await slots.WaitAsync(fast, () => 0, CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.Equal((1, 2, 16), (slots.CapFor(20_000), slots.CapFor(131_072), slots.CapFor(0)));
        // Its limit lifted, the waiting copy of the slow run starts once a slot is free.
        slots.Release(fast);
        await Assert.ThrowsAsync<TimeoutException>(() => second.WaitAsync(TimeSpan.FromMilliseconds(600)));
        var lifted = slots.WaitAsync(slow, () => 0, CancellationToken.None);
        await lifted.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_waiting_run_that_holds_the_fewest()
    {
        var slots = Slots(2);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await slots.WaitAsync(a, () => 0, CancellationToken.None);
        await slots.WaitAsync(a, () => 0, CancellationToken.None);
        var moreA = slots.WaitAsync(a, () => 0, CancellationToken.None);
        var firstB = slots.WaitAsync(b, () => 0, CancellationToken.None);

        slots.Release(a);

        await firstB.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(moreA.IsCompleted);
        slots.Release(b);
        await moreA.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_slot()
    {
        var slots = Slots(1);
        var run = Guid.NewGuid();
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slots.WaitAsync(run, () => 0, cancel.Token));
        slots.Release(run);

        await slots.WaitAsync(Guid.NewGuid(), () => 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
