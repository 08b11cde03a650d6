using Transporter.Worker.Batches;

namespace Transporter.Worker.Tests.Batches;

/// <summary>The climb of copies in flight, interval by interval, on the throughput each level would give.</summary>
public sealed class ConcurrencyTunerTests
{
    [Fact]
    public void Climbs_while_throughput_grows_then_takes_back_the_step_that_did_not_pay_and_holds()
    {
        // Throughput grows with the copies in flight up to 36 (a latency-bound endpoint), then stays flat.
        static double Throughput(int level) => Math.Min(level, 36) * 10.0;
        var tuner = new ConcurrencyTuner(16, 128);
        var levels = new List<int>();
        var level = tuner.Level;
        for (var i = 0; i < 8; i++) levels.Add(level = tuner.Next(Throughput(level), saturated: true, throttled: false));

        // 16 -> 20 -> 25 -> 31 -> 38 -> 47 (no gain from 38 to 47) -> back to 38, held.
        Assert.Equal([20, 25, 31, 38, 47, 38, 38, 38], levels);
    }

    [Fact]
    public void Does_not_climb_while_slots_are_free_and_never_passes_the_maximum()
    {
        var tuner = new ConcurrencyTuner(16, 24);
        Assert.Equal(16, tuner.Next(100, saturated: false, throttled: false));
        Assert.Equal(20, tuner.Next(100, saturated: true, throttled: false));
        Assert.Equal(24, tuner.Next(200, saturated: true, throttled: false));
        Assert.Equal(24, tuner.Next(400, saturated: true, throttled: false));
    }

    [Fact]
    public void Throttling_takes_a_quarter_off_down_to_the_floor()
    {
        var tuner = new ConcurrencyTuner(16, 128);
        var level = 16;
        for (var i = 0; i < 6; i++) level = tuner.Next(level * 10.0, saturated: true, throttled: false);
        Assert.Equal(58, level);

        Assert.Equal(44, tuner.Next(100, saturated: true, throttled: true));
        Assert.Equal(33, tuner.Next(100, saturated: true, throttled: true));
        for (var i = 0; i < 10; i++) tuner.Next(100, saturated: true, throttled: true);
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
