namespace Transporter.Worker.Tests.Engine;

/// <summary>The system clock moved by <see cref="Offset"/>: time flows as usual (timers, leases, limiters all see the
/// same steady clock) but starts where a test needs it, e.g. seconds before a timetable boundary.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
