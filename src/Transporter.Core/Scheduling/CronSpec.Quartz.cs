using System.Text;

namespace Transporter.Core.Scheduling;

public readonly partial struct CronSpec
{
    /// <summary>
    /// The Quartz cron expressions (seconds first, '?' in one day field, day-of-week 1=SUN..7=SAT) that together
    /// fire exactly when this spec does: one expression, or two when both day fields are restricted
    /// (<see cref="DayFieldsCombineWithOr"/>) because one Quartz expression cannot say "day-of-month OR
    /// day-of-week". Schedule each as its own trigger of the same job. On a spring-forward day both triggers can
    /// fire at the same instant (the end of the gap); the job should treat a second fire for the same scheduled
    /// instant as a duplicate.
    /// </summary>
    public IReadOnlyList<string> ToQuartzExpressions()
    {
        ThrowIfDefault();
        // Minute and hour keep their written form: Quartz decides from it (a '*', '-' or '/') whether a repeated
        // fall-back hour fires twice, and the evaluator here applies the same rule (FiresInBothPassesOfRepeatedHour).
        var time = $"0 {_minute.Text} {_hour.Text}";
        var month = RenderValues(_month, 1, 12, 0);
        var dayOfMonth = RenderValues(_dayOfMonth, 1, 31, 0);
        var dayOfWeek = RenderValues(_dayOfWeek, 0, 6, 1);
        if (_dayOfWeek.IsStar) return [$"{time} {(_dayOfMonth.IsStar ? "*" : dayOfMonth)} {month} ?"];
        if (_dayOfMonth.IsStar) return [$"{time} ? {month} {dayOfWeek}"];
        return [$"{time} {dayOfMonth} {month} ?", $"{time} ? {month} {dayOfWeek}"];
    }

    /// <summary>"*" for the full range, else runs of three or more as "a-b" and single values, comma separated;
    /// <paramref name="offset"/> shifts values (cron Sunday 0 is Quartz 1).</summary>
    private static string RenderValues(CronField field, int min, int max, int offset)
    {
        var all = true;
        for (var v = min; v <= max; v++) all &= field.Contains(v);
        if (all) return "*";
        var text = new StringBuilder();
        for (var v = min; v <= max; v++)
        {
            if (!field.Contains(v)) continue;
            var end = v;
            while (end + 1 <= max && field.Contains(end + 1)) end++;
            if (text.Length > 0) text.Append(',');
            if (end - v >= 2) text.Append(v + offset).Append('-').Append(end + offset);
            else
            {
                text.Append(v + offset);
                if (end > v) text.Append(',').Append(end + offset);
            }
            v = end;
        }
        return text.ToString();
    }
}
