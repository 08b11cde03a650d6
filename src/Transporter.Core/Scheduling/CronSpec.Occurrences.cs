namespace Transporter.Core.Scheduling;

public readonly partial struct CronSpec
{
    // Far enough for every satisfiable spec: February 29 recurs within 8 years (2096 -> 2104).
    private const int SearchYears = 9;

    /// <summary>
    /// The next <paramref name="count"/> fire times strictly after <paramref name="after"/>, with the spec read as
    /// wall-clock times in <paramref name="zone"/> (see the remarks on <see cref="CronSpec"/> for daylight saving).
    /// Results are UTC instants; fewer than <paramref name="count"/> only if the spec stops firing.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> GetNextOccurrences(DateTimeOffset after, TimeZoneInfo zone, int count)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<DateTimeOffset>(count);
        var current = after;
        while (result.Count < count && GetNextOccurrence(current, zone) is { } next)
        {
            result.Add(next);
            current = next;
        }
        return result;
    }

    /// <summary>The first fire time strictly after <paramref name="after"/> in <paramref name="zone"/>, or null.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ThrowIfDefault();
        ArgumentNullException.ThrowIfNull(zone);
        var utc = after.UtcDateTime;
        var t = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(1);
        var horizon = utc.AddYears(SearchYears);
        var crossedFallBack = false;

        while (t < horizon)
        {
            var offset = zone.GetUtcOffset(t);
            // t is the first instant of a new offset: a spring-forward gap just closed. Wall-clock times inside the
            // gap never happen, so they fire at the end of the gap, which is t.
            var before = zone.GetUtcOffset(t.AddTicks(-TimeSpan.TicksPerSecond));
            if (before < offset && NextMatch(Wall(t, before)) is { } inGap && inGap < Wall(t, offset)) return AsUtc(t);

            var wall = NextMatch(Wall(t, offset));
            if (wall is null) return null;
            var candidate = DateTime.SpecifyKind(wall.Value - offset, DateTimeKind.Utc);
            var change = FindOffsetChange(t, candidate, offset, zone);
            if (change is not null)
            {
                // The wall clock jumps there; search again from the new offset.
                crossedFallBack |= zone.GetUtcOffset(change.Value) < offset;
                t = change.Value;
                continue;
            }
            // A fixed time repeated by a fall-back fires once: when this search saw the first pass, not again in the
            // second (a search that starts inside the second pass still finds it there).
            if (crossedFallBack && !FiresInBothPassesOfRepeatedHour && IsSecondPass(wall.Value, offset, zone))
            {
                t = candidate.AddMinutes(1);
                continue;
            }
            return AsUtc(candidate);
        }
        return null;
    }

    private static DateTime Wall(DateTime utc, TimeSpan offset) => DateTime.SpecifyKind(utc + offset, DateTimeKind.Unspecified);

    private static DateTimeOffset AsUtc(DateTime utc) => new(utc, TimeSpan.Zero);

    private static bool IsSecondPass(DateTime wall, TimeSpan offset, TimeZoneInfo zone)
    {
        if (!zone.IsAmbiguousTime(wall)) return false;
        var offsets = zone.GetAmbiguousTimeOffsets(wall);
        return offset == offsets.Min();
    }

    /// <summary>The first instant in (from, to] whose offset differs from <paramref name="offset"/>, to the second.</summary>
    private static DateTime? FindOffsetChange(DateTime from, DateTime to, TimeSpan offset, TimeZoneInfo zone)
    {
        var low = from;
        while (low < to)
        {
            var high = low.AddDays(1) < to ? low.AddDays(1) : to;
            if (zone.GetUtcOffset(high) != offset)
            {
                // low has the old offset, high a new one: narrow down to the transition second.
                while (high - low > TimeSpan.FromSeconds(1))
                {
                    var mid = low + (high - low) / 2;
                    mid = new DateTime(mid.Ticks - mid.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
                    if (mid <= low) break;
                    if (zone.GetUtcOffset(mid) == offset) low = mid; else high = mid;
                }
                return high;
            }
            low = high;
        }
        return null;
    }

    /// <summary>The first wall-clock minute at or after <paramref name="from"/> that the fields match, or null.</summary>
    private DateTime? NextMatch(DateTime from)
    {
        var c = new DateTime(from.Ticks - from.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
        if (from.Ticks % TimeSpan.TicksPerMinute != 0) c = c.AddMinutes(1);
        var lastYear = from.Year + SearchYears;
        while (c.Year <= lastYear)
        {
            if (!_month.Contains(c.Month))
            {
                c = new DateTime(c.Year, c.Month, 1).AddMonths(1);
                continue;
            }
            if (!DayMatches(c))
            {
                c = c.Date.AddDays(1);
                continue;
            }
            var hour = _hour.NextAtOrAfter(c.Hour);
            if (hour < 0)
            {
                c = c.Date.AddDays(1);
                continue;
            }
            if (hour > c.Hour)
            {
                c = c.Date.AddHours(hour);
                continue;
            }
            var minute = _minute.NextAtOrAfter(c.Minute);
            if (minute < 0)
            {
                c = c.Date.AddHours(c.Hour + 1);
                continue;
            }
            return c.Date.AddHours(c.Hour).AddMinutes(minute);
        }
        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = _dayOfMonth.Contains(day.Day);
        var dow = _dayOfWeek.Contains((int)day.DayOfWeek);
        return DayFieldsCombineWithOr ? dom || dow : dom && dow;
    }
}
