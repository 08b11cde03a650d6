namespace Transporter.Core.Scheduling;

/// <summary>The five fields of a standard cron spec, in order, with their names and ranges.</summary>
internal sealed record CronFieldKind(string Name, int Min, int Max, string[]? Names = null, int NameBase = 0)
{
    public static readonly CronFieldKind Minute = new("minute", 0, 59);
    public static readonly CronFieldKind Hour = new("hour", 0, 23);
    public static readonly CronFieldKind DayOfMonth = new("day-of-month", 1, 31);
    public static readonly CronFieldKind Month = new("month", 1, 12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], NameBase: 1);
    // 7 is accepted as a second Sunday and folded onto 0 by the parser.
    public static readonly CronFieldKind DayOfWeek = new("day-of-week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);

    public static readonly CronFieldKind[] All = [Minute, Hour, DayOfMonth, Month, DayOfWeek];

    /// <summary>'?' means "any" like '*' and is only meaningful in the two day fields.</summary>
    public bool AllowsQuestionMark => this == DayOfMonth || this == DayOfWeek;
}
