using System.Text.Json.Serialization;

namespace Transporter.Core.Bandwidth;

/// <summary>One row of a migration's <c>bandwidthTimetable</c>: on <see cref="Days"/> from <see cref="From"/> to
/// <see cref="To"/> (in the migration's time zone) the limit is <see cref="Limit"/> bytes per second (0: none).</summary>
public sealed record BandwidthWindow
{
    /// <summary>"Mon-Fri", "Sat,Sun", "Mon", "Fri-Mon" (wraps), "Daily".</summary>
    [JsonPropertyName("days")] public string? Days { get; init; }

    /// <summary>"08:00": when the window opens on each of its days.</summary>
    [JsonPropertyName("from")] public string? From { get; init; }

    /// <summary>"18:00" (or "24:00"): when it closes; earlier than <see cref="From"/> closes the next day (overnight).</summary>
    [JsonPropertyName("to")] public string? To { get; init; }

    /// <summary>Bytes per second in the window: 0 (no limit) or at least 1000.</summary>
    [JsonPropertyName("limit")] public long? Limit { get; init; }
}
