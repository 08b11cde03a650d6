using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Transporter.Worker.Batches;
using Transporter.Core.Configuration;
using Transporter.Testing.Persistence;
using Transporter.Worker.Tests.Copying;

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
        var (slots, run, waiting) = await TwoBusyAndOneWaitingAsync(clock);
        Assert.False(waiting.IsCompleted);

        clock.Advance(CopySlots.TuneInterval);
        slots.Release(run);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, slots.Capacity);
        // Under the new capacity, one more copy starts at once.
        await slots.WaitAsync(run, () => 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_level_and_the_copies_in_flight_are_published_in_the_transporter_meter()
    {
        var (metrics, factory) = CopierTestKit.NewMetrics();
        var slots = new CopySlots(Options.Create(new TransporterOptions { CopyConcurrency = 3, MaxCopyConcurrency = 8 }), TimeProvider.System,
            metrics: metrics);
        var observed = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.Start();
        var run = Guid.NewGuid();
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        await slots.WaitAsync(run, () => 0, CancellationToken.None);

        listener.RecordObservableInstruments();
        Assert.Equal(3, observed["transporter.copy.slots"]);
        Assert.Equal(2, observed["transporter.copy.in_flight"]);
        slots.Release(run);
        listener.RecordObservableInstruments();
        Assert.Equal(1, observed["transporter.copy.in_flight"]);
    }

    [Fact]
    public async Task The_drain_at_a_runs_end_does_not_take_back_a_raise()
    {
        var (slots, clock, run) = await RaisedFromTwoToFourAsync();
        for (var i = 0; i < 2; i++) await slots.WaitAsync(run, () => 0, CancellationToken.None);
        var last = slots.WaitAsync(run, () => 0, CancellationToken.None); // copies wait: the interval is saturated
        Assert.False(last.IsCompleted);
        slots.Release(run);
        await last.WaitAsync(TimeSpan.FromSeconds(5));                   // the run's last object starts, nothing waits

        clock.Advance(CopySlots.TuneInterval);
        slots.Release(run);                                               // 2 objects/s against 10: the tail, not the level

        Assert.Equal(4, slots.Capacity);
    }

    [Fact]
    public async Task An_interval_that_spans_a_pause_between_runs_does_not_take_back_a_raise()
    {
        var (slots, clock, run) = await RaisedFromTwoToFourAsync();
        for (var i = 0; i < 2; i++) await slots.WaitAsync(run, () => 0, CancellationToken.None);
        var next = Guid.NewGuid();
        var waiting = slots.WaitAsync(next, () => 0, CancellationToken.None); // the next run's copies wait

        clock.Advance(TimeSpan.FromSeconds(30));
        slots.Release(run);                                               // one object in 30 s: the pause, not the level

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, slots.Capacity);
        // The next interval in which copies wait is measured again, as a new baseline: the search goes on (4 -> 8).
        var more = slots.WaitAsync(next, () => 0, CancellationToken.None);
        clock.Advance(CopySlots.TuneInterval);
        slots.Release(run);
        await more.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(8, slots.Capacity);
    }

    /// <summary>Slots from 2 to 8, both first slots taken by one run and a third copy of it waiting.</summary>
    private static async Task<(CopySlots Slots, Guid Run, Task Waiting)> TwoBusyAndOneWaitingAsync(ManualClock clock)
    {
        var slots = new CopySlots(Options.Create(new TransporterOptions { CopyConcurrency = 2, MaxCopyConcurrency = 8 }), clock);
        var run = Guid.NewGuid();
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        await slots.WaitAsync(run, () => 0, CancellationToken.None);
        return (slots, run, slots.WaitAsync(run, () => 0, CancellationToken.None));
    }

    /// <summary>Two slots busy and a copy waiting through one interval of 10 objects/s: the next step doubles to 4.
    /// Returns with two slots held by the run.</summary>
    private static async Task<(CopySlots Slots, ManualClock Clock, Guid Run)> RaisedFromTwoToFourAsync()
    {
        var clock = new ManualClock();
        var (slots, run, waiting) = await TwoBusyAndOneWaitingAsync(clock);
        for (var i = 0; i < 9; i++)
        {
            slots.Release(run);
            await waiting.WaitAsync(TimeSpan.FromSeconds(5));
            waiting = slots.WaitAsync(run, () => 0, CancellationToken.None);
        }
        clock.Advance(CopySlots.TuneInterval);
        slots.Release(run);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, slots.Capacity);
        return (slots, clock, run);
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
