namespace Transporter.Testing;

/// <summary>A clock set to the instant a published test vector was signed at (the vectors date from 2013 and 2015).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
