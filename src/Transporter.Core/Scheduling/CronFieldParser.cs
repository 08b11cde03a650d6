using System.Globalization;

namespace Transporter.Core.Scheduling;

/// <summary>Parses one cron field: lists of values, ranges and steps ("0,30", "1-5", "*/15", "10-50/20", "MON-FRI").</summary>
internal static class CronFieldParser
{
    public static CronField Parse(string text, CronFieldKind kind)
    {
        ulong bits = 0;
        var interval = false;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0) throw Error(kind, text, "has an empty list item");
            bits |= ParseItem(item, kind, ref interval);
        }
        // Day-of-week 7 is Sunday, like 0.
        if (kind == CronFieldKind.DayOfWeek && (bits & (1UL << 7)) != 0) bits = (bits & ~(1UL << 7)) | 1UL;
        var star = text is "*" or "?" or "*/1";
        return new CronField(bits, star, interval, text);
    }

    private static ulong ParseItem(string item, CronFieldKind kind, ref bool interval)
    {
        var slash = item.IndexOf('/');
        var rangePart = slash < 0 ? item : item[..slash];
        var step = 1;
        if (slash >= 0)
        {
            interval = true;
            var stepText = item[(slash + 1)..];
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step))
                throw Error(kind, item, $"has a step '{stepText}' that is not a number");
            var maxStep = kind.Max - kind.Min - (kind == CronFieldKind.DayOfWeek ? 1 : 0);
            if (step < 1 || step > maxStep) throw Error(kind, item, $"has a step {step} out of range 1-{maxStep}");
        }

        int start, end;
        if (rangePart is "*" or "?")
        {
            if (rangePart == "?" && !kind.AllowsQuestionMark) throw Error(kind, item, "uses '?', which only the day-of-month and day-of-week fields allow");
            interval |= rangePart == "*";
            start = kind.Min;
            end = kind == CronFieldKind.DayOfWeek ? 6 : kind.Max;
        }
        else
        {
            var dash = rangePart.IndexOf('-');
            if (dash >= 0)
            {
                interval = true;
                start = ParseValue(rangePart[..dash], kind, item);
                end = ParseValue(rangePart[(dash + 1)..], kind, item);
                if (start > end) throw Error(kind, item, $"is a range whose start {start} is after its end {end}");
            }
            else
            {
                start = ParseValue(rangePart, kind, item);
                // "5/15" means from 5 to the end of the range, every 15.
                end = slash >= 0 ? (kind == CronFieldKind.DayOfWeek ? 6 : kind.Max) : start;
            }
        }

        ulong bits = 0;
        for (var v = start; v <= end; v += step) bits |= 1UL << v;
        return bits;
    }

    private static int ParseValue(string token, CronFieldKind kind, string item)
    {
        if (token.Length == 0) throw Error(kind, item, "is missing a value");
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            if (value < kind.Min || value > kind.Max) throw new CronSpecFormatException($"{kind.Name} field '{token}' is out of range {kind.Min}-{kind.Max}");
            return value;
        }
        if (kind.Names is not null)
        {
            var index = Array.FindIndex(kind.Names, n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index + kind.NameBase;
            var what = kind == CronFieldKind.Month ? "month name (JAN-DEC)" : "day name (SUN-SAT)";
            throw new CronSpecFormatException($"{kind.Name} field '{token}' is not a number or a {what}");
        }
        throw new CronSpecFormatException($"{kind.Name} field '{token}' is not a number");
    }

    private static CronSpecFormatException Error(CronFieldKind kind, string text, string problem) =>
        new($"{kind.Name} field '{text}' {problem}");
}
