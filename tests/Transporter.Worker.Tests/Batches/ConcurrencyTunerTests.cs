using Transporter.Worker.Batches;

namespace Transporter.Worker.Tests.Batches;

/// <summary>The climb of copies in flight, interval by interval, on the throughput each level would give.</summary>
public sealed class ConcurrencyTunerTests
{
    [Fact]
    public void Doubles_while_throughput_grows_with_the_level_then_steps_a_quarter_and_takes_back_the_step_that_did_not_pay()
    {
        // Throughput grows with the copies in flight up to 36 (a latency-bound endpoint), then stays flat.
        static double Throughput(int level) => Math.Min(level, 36) * 10.0;
        var tuner = new ConcurrencyTuner(16, 128);
        var levels = new List<int>();
        var level = tuner.Level;
        for (var i = 0; i < 8; i++) levels.Add(level = tuner.Next(Throughput(level), saturated: true, throttled: false));

        // 16 -> 32 (twice the objects/s: double again) -> 64 (12 % more: kept, but the next step is a quarter) -> 80
        // (no gain) -> back to 64, held for HoldIntervals.
        Assert.Equal([32, 64, 80, 64, 64, 64, 64, 64], levels);
    }

    [Fact]
    public void A_quarter_step_that_pays_in_full_doubles_again_when_the_load_turns_latency_bound()
    {
        // First the cores are the limit (as at loopback): the first doubling does not pay.
        var tuner = new ConcurrencyTuner(16, 128);
        Assert.Equal(32, tuner.Next(1000, saturated: true, throttled: false));
        Assert.Equal(16, tuner.Next(1000, saturated: true, throttled: false));
        for (var i = 0; i < ConcurrencyTuner.HoldIntervals; i++) tuner.Next(1000, saturated: true, throttled: false);

        // Then every copy mostly waits (as at cloud latency): objects/s follow the level.
        static double Latency(int level) => level * 20.0;
        var levels = new List<int>();
        var level = tuner.Level;
        for (var i = 0; i < 4; i++) levels.Add(level = tuner.Next(Latency(level), saturated: true, throttled: false));
        Assert.Equal([20, 40, 80, 128], levels);
    }

    [Fact]
    public void Does_not_climb_while_slots_are_free_and_never_passes_the_maximum()
    {
        var tuner = new ConcurrencyTuner(16, 24);
        Assert.Equal(16, tuner.Next(100, saturated: false, throttled: false));
        Assert.Equal(24, tuner.Next(100, saturated: true, throttled: false));
        Assert.Equal(24, tuner.Next(200, saturated: true, throttled: false));
        Assert.Equal(24, tuner.Next(400, saturated: true, throttled: false));
    }

    [Fact]
    public void Throttling_takes_a_quarter_off_down_to_the_floor_and_ends_the_doubling()
    {
        var tuner = new ConcurrencyTuner(16, 128);
        var level = 16;
        for (var i = 0; i < 2; i++) level = tuner.Next(level * 10.0, saturated: true, throttled: false);
        Assert.Equal(64, level);

        Assert.Equal(48, tuner.Next(100, saturated: true, throttled: true));
        Assert.Equal(36, tuner.Next(100, saturated: true, throttled: true));
        // After the hold, the next raise is a quarter: throttling ended the slow start.
        for (var i = 0; i < ConcurrencyTuner.HoldIntervals; i++) tuner.Next(100, saturated: true, throttled: false);
        Assert.Equal(45, tuner.Next(100, saturated: true, throttled: false));
        for (var i = 0; i < 12; i++) tuner.Next(100, saturated: true, throttled: true);
        Assert.Equal(16, tuner.Level);
    }

    [Fact]
    public void A_fixed_number_when_the_maximum_is_not_above_the_start()
    {
        var tuner = new ConcurrencyTuner(32, 8);
        Assert.Equal(32, tuner.Max);
        Assert.Equal(32, tuner.Next(1000, saturated: true, throttled: false));
    }
}
