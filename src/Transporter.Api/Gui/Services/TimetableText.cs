using System.Text.RegularExpressions;
using Transporter.Core.Bandwidth;

namespace Transporter.Api.Gui.Services;

/// <summary>The GUI's way to type a bandwidth timetable: one window per line, "Mon-Fri 08:00-18:00 10 MB/s" ("off" or 0
/// for no limit in the window). The API's own checks (days, times, limits) apply to what this makes.</summary>
public static partial class TimetableText
{
    /// <summary>The windows of <paramref name="text"/> (empty when it is blank), or the lines that do not read as one.</summary>
    public static (List<BandwidthWindow> Windows, List<string> Errors) Parse(string text)
    {
        var windows = new List<BandwidthWindow>();
        var errors = new List<string>();
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var match = Line().Match(lines[i]);
            long? limit = match.Success ? Limit(match.Groups["number"].Value, match.Groups["unit"].Value) : null;
            if (limit is null)
            {
                errors.Add($"Timetable line {i + 1}: '{lines[i]}' does not read as \"Mon-Fri 08:00-18:00 10 MB/s\" (or \"off\" for no limit).");
                continue;
            }
            windows.Add(new BandwidthWindow { Days = match.Groups["days"].Value, From = match.Groups["from"].Value, To = match.Groups["to"].Value, Limit = limit });
        }
        return (windows, errors);
    }

    /// <summary>A window as a line of the same syntax.</summary>
    public static string Format(BandwidthWindow window) =>
        $"{window.Days} {window.From}-{window.To} {(window.Limit is null or 0 ? "no limit" : ByteUnits.FormatRate(window.Limit.Value))}";

    /// <summary>"off" is 0; a number with a unit (KB/s, MB/s, GB/s in any case) or alone (bytes per second).</summary>
    private static long? Limit(string number, string unit)
    {
        if (number.Equals("off", StringComparison.OrdinalIgnoreCase)) return 0;
        if (unit.Length == 0) return long.TryParse(number, out var bytes) ? bytes : null;
        return ByteUnits.ParseRate(number, unit[..2].ToUpperInvariant() + "/s");
    }

    [GeneratedRegex(@"^(?<days>\S+)\s+(?<from>\d{2}:\d{2})\s*-\s*(?<to>\d{2}:\d{2})\s+(?<number>off|\d+(?:[.,]\d+)?)\s*(?<unit>[KMG]B/s)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Line();
}
