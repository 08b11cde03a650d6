namespace Transporter.Core.Persistence;

/// <summary>Times as the platform's tables keep them: milliseconds since the Unix epoch, UTC.</summary>
public static class UnixTime
{
    /// <summary>Now, by the injected clock, in table form.</summary>
    public static long NowMs(this TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
