using System.Globalization;

namespace Transporter.Core.Scheduling;

public readonly partial struct CronSpec
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>A plain-English description for the GUI: "every 15 minutes", "at 23:45 on Saturday",
    /// "at 00:00 on day 1 of the month", "at 09:00 and 17:30 on Monday through Friday in January".</summary>
    public string Describe()
    {
        ThrowIfDefault();
        var parts = new List<string> { DescribeTime() };
        var days = DescribeDays();
        if (days.Length > 0) parts.Add(days);
        else if (parts[0].StartsWith("at ", StringComparison.Ordinal) && _hour.Values().Count() < 24) parts.Add("every day");
        if (!IsFull(_month, 1, 12)) parts.Add("in " + JoinSet(_month.Values().ToList(), m => MonthNames[m - 1]));
        return string.Join(' ', parts);
    }

    private string DescribeTime()
    {
        var minutes = _minute.Values().ToList();
        var hours = _hour.Values().ToList();
        var everyHour = hours.Count == 24;
        string minutePart;
        if (minutes.Count == 60) minutePart = "every minute";
        else if (EvenStep(minutes, 60) is { } step) minutePart = $"every {step} minutes";
        else if (minutes.Count * hours.Count <= 6)
            return "at " + JoinWords(hours.SelectMany(h => minutes.Select(m => $"{h:00}:{m:00}")).ToList());
        else if (everyHour && minutes is [0]) return "every hour";
        else minutePart = $"at minute{(minutes.Count > 1 ? "s" : "")} {JoinSet(minutes, m => m.ToString(CultureInfo.InvariantCulture))}";

        if (everyHour) return minutePart + (minutePart.StartsWith("at", StringComparison.Ordinal) ? " past every hour" : "");
        if (EvenStep(hours, 24) is { } hourStep)
            return minutes is [0] ? $"every {hourStep} hours" : $"{minutePart} past every {hourStep} hours";
        return $"{minutePart} past hour{(hours.Count > 1 ? "s" : "")} {JoinSet(hours, h => h.ToString(CultureInfo.InvariantCulture))}";
    }

    private string DescribeDays()
    {
        var dom = _dayOfMonth.IsStar ? null : _dayOfMonth.Values().ToList();
        var dow = _dayOfWeek.IsStar ? null : _dayOfWeek.Values().ToList();
        var domText = dom is null || dom.Count == 31 && dow is null ? null
            : $"on day{(dom.Count > 1 ? "s" : "")} {JoinSet(dom, d => d.ToString(CultureInfo.InvariantCulture))} of the month";
        var dowText = dow is null || dow.Count == 7 && dom is null ? null : "on " + JoinSet(dow, d => DayNames[d]);
        return (domText, dowText) switch
        {
            (null, null) => "",
            (not null, null) => domText,
            (null, not null) => dowText,
            _ => $"{domText} or {dowText}",
        };
    }

    /// <summary>k when the values are exactly 0, k, 2k, ... and k divides the cycle (so the gap never changes).</summary>
    private static int? EvenStep(List<int> values, int cycle)
    {
        if (values.Count < 2 || values[0] != 0) return null;
        var step = values[1];
        if (cycle % step != 0 || values.Count != cycle / step) return null;
        for (var i = 0; i < values.Count; i++) if (values[i] != i * step) return null;
        return step;
    }

    private static bool IsFull(CronField field, int min, int max)
    {
        for (var v = min; v <= max; v++) if (!field.Contains(v)) return false;
        return true;
    }

    /// <summary>Runs of three or more consecutive values as "a through b", the rest listed: "1, 3 and 10 through 12".</summary>
    private static string JoinSet(List<int> values, Func<int, string> name)
    {
        var items = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var j = i;
            while (j + 1 < values.Count && values[j + 1] == values[j] + 1) j++;
            if (j - i >= 2)
            {
                items.Add($"{name(values[i])} through {name(values[j])}");
                i = j;
            }
            else items.Add(name(values[i]));
        }
        return JoinWords(items);
    }

    private static string JoinWords(List<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
