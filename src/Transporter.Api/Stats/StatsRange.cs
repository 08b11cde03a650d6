using Transporter.Api.Http;

namespace Transporter.Api.Stats;

/// <summary>The from/to of a statistics request: Unix seconds, both required, from &lt;= to.</summary>
public static class StatsRange
{
    // DateTimeOffset's last second (9999-12-31T23:59:59Z).
    private const long MaxUnixSeconds = 253_402_300_799;

    public static bool TryParse(long? from, long? to, out DateTimeOffset start, out DateTimeOffset end, out IResult? error)
    {
        start = end = default;
        error = from is null ? ApiResults.BadRequest("\"from\" (Unix seconds) is required")
            : to is null ? ApiResults.BadRequest("\"to\" (Unix seconds) is required")
            : from is < 0 or > MaxUnixSeconds ? ApiResults.BadRequest($"\"from\" must be Unix seconds between 0 and {MaxUnixSeconds}, got {from}")
            : to is < 0 or > MaxUnixSeconds ? ApiResults.BadRequest($"\"to\" must be Unix seconds between 0 and {MaxUnixSeconds}, got {to}")
            : from > to ? ApiResults.BadRequest($"\"from\" ({from}) is after \"to\" ({to})")
            : null;
        if (error is not null) return false;
        start = DateTimeOffset.FromUnixTimeSeconds(from!.Value);
        end = DateTimeOffset.FromUnixTimeSeconds(to!.Value);
        return true;
    }

    /// <summary>aggregateTime: a positive multiple of 60 seconds (at most a year); 60 when absent.</summary>
    public static bool TryParseAggregate(long? aggregateTime, out int seconds, out IResult? error)
    {
        const int Year = 366 * 24 * 3600;
        seconds = 60;
        error = null;
        if (aggregateTime is null) return true;
        if (aggregateTime is <= 0 or > Year || aggregateTime % 60 != 0)
        {
            error = ApiResults.BadRequest($"\"aggregateTime\" must be a positive multiple of 60 seconds (at most {Year}), got {aggregateTime}");
            return false;
        }
        seconds = (int)aggregateTime.Value;
        return true;
    }
}
