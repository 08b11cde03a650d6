using Transporter.Worker.Batches;

namespace Transporter.Worker.Tests.Batches;

/// <summary>The climb of copies in flight, interval by interval, on the throughput each level would give.</summary>
public sealed class ConcurrencyTunerTests
{
    [Fact]
    public void Doubles_while_throughput_grows_then_takes_back_the_step_that_did_not_pay_and_holds()
    {
        // Throughput grows with the copies in flight up to 36 (a latency-bound endpoint), then stays flat.
        static double Throughput(int level) => Math.Min(level, 36) * 10.0;
        var tuner = new ConcurrencyTuner(16, 128);
        var levels = new List<int>();
        var level = tuner.Level;
        for (var i = 0; i < 8; i++) levels.Add(level = tuner.Next(Throughput(level), saturated: true, throttled: false));

        // 16 -> 32 -> 64 (still 12 % more) -> 128 (no gain) -> back to 64, held for HoldIntervals.
        Assert.Equal([32, 64, 128, 64, 64, 64, 64, 64], levels);
    }

    [Fact]
    public void After_the_first_step_that_did_not_pay_it_probes_a_quarter_at_a_time()
    {
        // Flat from 40: the doubling from 32 to 64 gains, the one to 128 does not.
        static double Throughput(int level) => Math.Min(level, 40) * 10.0 + level * 0.01;
        var tuner = new ConcurrencyTuner(16, 256);
        var level = tuner.Level;
        for (var i = 0; i < 4 + ConcurrencyTuner.HoldIntervals; i++) level = tuner.Next(Throughput(level), saturated: true, throttled: false);
        Assert.Equal(64, level);

        // The next probe is 64 + 16, not 128; it does not pay either, so 64 again.
        Assert.Equal(80, tuner.Next(Throughput(64), saturated: true, throttled: false));
        Assert.Equal(64, tuner.Next(Throughput(80), saturated: true, throttled: false));
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
