namespace Transporter.Core.Scheduling;

/// <summary>
/// A standard 5-field cron spec (minute hour day-of-month month day-of-week) or one of the macros @hourly, @daily
/// (@midnight), @weekly, @monthly, @yearly (@annually), as the API's <c>crontab.spec</c> carries it. Beyond the
/// spec's examples it accepts lists, ranges and steps (<c>0,30</c>, <c>1-5</c>, <c>*/15</c>, <c>10-50/20</c>,
/// <c>5/15</c> = from 5 to the end every 15), month and weekday names (<c>JAN</c>, <c>MON-FRI</c>) and day-of-week
/// 0-7 (0 and 7 are Sunday).
/// </summary>
/// <remarks>
/// <para>Day rule (standard cron): when both day-of-month and day-of-week are restricted, the spec fires on days
/// matching <em>either</em>; when one of them is written as <c>*</c> (or <c>?</c>), only the other one
/// decides. A field counts as unrestricted only when written as <c>*</c>, <c>?</c> or <c>*/1</c>.</para>
/// <para>Time zones and daylight saving: times are wall-clock times in the zone given to
/// <see cref="GetNextOccurrences"/>. A wall-clock time skipped by a spring-forward gap fires once, at the end of
/// the gap. A wall-clock time repeated by a fall-back overlap fires at its first occurrence only when the minute
/// and hour fields are plain values or lists (a fixed time such as <c>30 2 * * *</c>); when either of them uses
/// <c>*</c>, a range or a step (an interval such as <c>*/15 * * * *</c> or <c>0 1-3 * * *</c>) it fires in both
/// passes of the repeated hour. (A search that starts inside the second pass finds a fixed time there.) This is what Quartz does with the expressions of <see cref="ToQuartzExpressions"/>,
/// so the preview and the scheduler agree.</para>
/// The default value is not a valid spec; get one from <see cref="Parse"/> or <see cref="TryParse"/>.
/// </remarks>
public readonly partial struct CronSpec : IEquatable<CronSpec>
{
    private readonly CronField _minute, _hour, _dayOfMonth, _month, _dayOfWeek;

    private CronSpec(string text, CronField minute, CronField hour, CronField dayOfMonth, CronField month, CronField dayOfWeek)
    {
        Text = text;
        _minute = minute;
        _hour = hour;
        _dayOfMonth = dayOfMonth;
        _month = month;
        _dayOfWeek = dayOfWeek;
    }

    /// <summary>The spec as given (trimmed, fields separated by single spaces).</summary>
    public string Text { get; }

    /// <summary>True when both day fields are restricted, so a day matching either fires (needs two Quartz triggers).</summary>
    public bool DayFieldsCombineWithOr => !_dayOfMonth.IsStar && !_dayOfWeek.IsStar;

    /// <summary>True when a wall-clock time repeated by a fall-back overlap fires in both passes (see remarks).</summary>
    public bool FiresInBothPassesOfRepeatedHour => _minute.HasIntervalSyntax || _hour.HasIntervalSyntax;

    private bool IsDefault => Text is null;

    private void ThrowIfDefault()
    {
        if (IsDefault) throw new InvalidOperationException("default(CronSpec) is not a cron spec; use CronSpec.Parse");
    }

    /// <summary>Specs are equal when they fire at the same times (so "@daily" equals "0 0 * * *").</summary>
    public bool Equals(CronSpec other) =>
        _minute.Bits == other._minute.Bits && _hour.Bits == other._hour.Bits && _dayOfMonth.Bits == other._dayOfMonth.Bits &&
        _month.Bits == other._month.Bits && _dayOfWeek.Bits == other._dayOfWeek.Bits &&
        DayFieldsCombineWithOr == other.DayFieldsCombineWithOr &&
        FiresInBothPassesOfRepeatedHour == other.FiresInBothPassesOfRepeatedHour;

    public override bool Equals(object? obj) => obj is CronSpec other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(_minute.Bits, _hour.Bits, _dayOfMonth.Bits, _month.Bits, _dayOfWeek.Bits, DayFieldsCombineWithOr, FiresInBothPassesOfRepeatedHour);

    public static bool operator ==(CronSpec left, CronSpec right) => left.Equals(right);

    public static bool operator !=(CronSpec left, CronSpec right) => !left.Equals(right);

    public override string ToString() => Text ?? "";
}
