using System.Globalization;
using Transporter.Core.Migrations;

namespace Transporter.Core.Bandwidth;

/// <summary>
/// A migration's weekly bandwidth table, compiled: <see cref="LimitAt"/> gives the limit of the first window (in table
/// order) that holds the instant in the migration's time zone, or null when none does (then the migration's own
/// bandwidth limit applies). Every process evaluates the same table against its clock, so the whole fleet switches at
/// the same minute (docs/migration-controls.md, "Bandwidth timetable").
/// </summary>
public sealed class BandwidthTimetable
{
    /// <summary>Most windows in a table.</summary>
    public const int MaxWindows = 50;

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private const int MinutesPerDay = 24 * 60;

    private readonly IReadOnlyList<(bool[] Days, int From, int To, long Limit)> _windows;
    private readonly TimeZoneInfo _zone;

    private BandwidthTimetable(IReadOnlyList<(bool[] Days, int From, int To, long Limit)> windows, TimeZoneInfo zone)
    {
        _windows = windows;
        _zone = zone;
    }

    /// <summary>The limit at <paramref name="instant"/>, or null outside every window.</summary>
    public long? LimitAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        var day = (int)local.DayOfWeek;
        var minute = local.Hour * 60 + local.Minute;
        foreach (var (days, from, to, limit) in _windows)
        {
            // An overnight window (to <= from) belongs to the day it opens on, and runs into the next morning.
            if (from < to ? days[day] && minute >= from && minute < to
                : (days[day] && minute >= from) || (days[(day + 6) % 7] && minute < to))
                return limit;
        }
        return null;
    }

    /// <summary>The migration's limit at <paramref name="instant"/>: its timetable's window, else its own limit.</summary>
    public static long EffectiveLimit(long baseLimit, MigrationControls controls, DateTimeOffset instant) =>
        controls.BandwidthTimetable is { Count: > 0 } && For(controls) is { } table ? table.LimitAt(instant) ?? baseLimit : baseLimit;

    /// <summary>The compiled table of <paramref name="controls"/>, or null when it has none (or it is not valid).</summary>
    public static BandwidthTimetable? For(MigrationControls controls) =>
        controls.BandwidthTimetable is { Count: > 0 } windows ? Compile(windows, controls.TimeZone, out _) : null;

    /// <summary>Compiles the table; null with the problems (each naming its field) when it is not valid.</summary>
    public static BandwidthTimetable? Compile(IReadOnlyList<BandwidthWindow?> windows, string? timeZone, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var zone = Zone(timeZone, problems);
        if (windows.Count > MaxWindows) problems.Add($"bandwidthTimetable must have at most {MaxWindows} windows, got {windows.Count}");
        var compiled = new List<(bool[], int, int, long)>();
        for (var i = 0; i < windows.Count && i < MaxWindows; i++)
        {
            var field = $"bandwidthTimetable[{i}]";
            if (windows[i] is not { } window)
            {
                problems.Add($"{field} must be an object");
                continue;
            }
            var days = Days(window.Days, $"{field}.days", problems);
            var from = Minute(window.From, $"{field}.from", allowEndOfDay: false, problems);
            var to = Minute(window.To, $"{field}.to", allowEndOfDay: true, problems);
            if (from is not null && from == to) problems.Add($"{field}: from and to are both {window.From}; the window would be empty");
            if (window.Limit is not { } limit) problems.Add($"{field}.limit is required (bytes per second; 0 for no limit)");
            else if (!BandwidthLimit.IsValid(limit)) problems.Add($"{field}.limit: {BandwidthLimit.Describe(limit)}");
            if (days is not null && from is { } f && to is { } t && window.Limit is { } l) compiled.Add((days, f, t, l));
        }
        errors = problems;
        return problems.Count == 0 && zone is not null ? new BandwidthTimetable(compiled, zone) : null;
    }

    private static TimeZoneInfo? Zone(string? id, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        problems.Add($"timeZone '{id}' is not a time zone (an IANA name such as Europe/Berlin or America/New_York, or UTC)");
        return null;
    }

    private static bool[]? Days(string? text, string field, List<string> problems)
    {
        var days = new bool[7];
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{field} is required (e.g. \"Mon-Fri\", \"Sat,Sun\" or \"Daily\")");
            return null;
        }
        if (text.Trim().Equals("Daily", StringComparison.OrdinalIgnoreCase)) return [true, true, true, true, true, true, true];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            var first = Day(ends[0]);
            var last = ends.Length == 2 ? Day(ends[1]) : first;
            if (ends.Length > 2 || first < 0 || last < 0)
            {
                problems.Add($"{field}: '{part}' is not a day or a range of days (Mon, Tue, Wed, Thu, Fri, Sat, Sun, e.g. \"Mon-Fri\")");
                return null;
            }
            for (var d = first; ; d = (d + 1) % 7)
            {
                days[d] = true;
                if (d == last) break;
            }
        }
        return days;
    }

    /// <summary>0 (Sunday) to 6, from "Mon" or "Monday" in any case; -1 otherwise.</summary>
    private static int Day(string name) => Array.FindIndex(DayNames, d =>
        name.Equals(d, StringComparison.OrdinalIgnoreCase)
        || name.Equals(((DayOfWeek)Array.IndexOf(DayNames, d)).ToString(), StringComparison.OrdinalIgnoreCase));

    private static int? Minute(string? text, string field, bool allowEndOfDay, List<string> problems)
    {
        if (text is not null && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time.Hour * 60 + time.Minute;
        if (allowEndOfDay && text == "24:00") return MinutesPerDay;
        problems.Add($"{field} must be a time of day as HH:mm (00:00 to {(allowEndOfDay ? "24:00" : "23:59")}), got '{text}'");
        return null;
    }
}
