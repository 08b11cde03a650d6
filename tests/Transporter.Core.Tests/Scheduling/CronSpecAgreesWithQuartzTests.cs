using Quartz;
using Transporter.Core.Scheduling;

namespace Transporter.Core.Tests.Scheduling;

/// <summary>The evaluator in Core (used for previews, without Quartz) must name exactly the instants at which Quartz
/// fires the translated expression(s), in UTC and across daylight-saving changes.</summary>
public class CronSpecAgreesWithQuartzTests
{
    public static readonly string[] Specs =
    [
        "@hourly", "@daily", "@weekly", "@monthly", "@yearly",
        "* * * * *", "0,15,30,45 * * * *", "0 0 1 * *", "45 23 * * 6", "0,30 * * * *",
        "*/15 * * * *", "*/7 * * * *", "10-50/20 * * * *", "5/15 * * * *", "0 */2 * * *", "0 */5 * * *",
        "30 2 * * *", "0 2 * * *", "0,30 2 * * *", "30 1-3 * * *", "30 2,3 * * *", "*/20 2 * * *", "59 1 * * *",
        "0 3 * * *", "15 2 * * SUN", "0 9-17 * * MON-FRI", "0 9 * * 1-5", "0 0 * * 0,7", "0 0 * * 5-7",
        "0 12 1 JAN-MAR,oct *", "0 0 29 2 *", "0 0 31 * *", "0 0 1,15 * 1", "30 8 13 * FRI", "0 0 */2 * 1-5",
        "0 0 1-31 * 1", "0 2 30 3 0", "30 2 26 10 *", "0 0,12 */3 * *", "20 4 L-less 5 *".Replace("L-less", "1-7"),
        "1-5,30-35/2 2 * * *", "0 0 29 2 MON",
    ];

    public static IEnumerable<object[]> Cases()
    {
        string[] starts =
        [
            "2025-01-15T10:17:42Z", // ordinary
            "2025-03-29T22:00:00Z", // Rome springs forward 2025-03-30 02:00 -> 03:00 (01:00Z)
            "2025-03-30T00:59:30Z", // 30 s before the gap
            "2025-10-25T22:30:00Z", // Rome falls back 2025-10-26 03:00 -> 02:00 (01:00Z)
            "2025-10-26T00:15:00Z", // inside the first pass of the repeated hour
            "2025-10-26T01:15:00Z", // inside the second pass
            "2027-12-31T23:59:59Z",
        ];
        foreach (var spec in Specs)
        foreach (var zone in new[] { "UTC", "Europe/Rome" })
        foreach (var start in starts)
            yield return [spec, zone, start];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_20_fire_times_match_quartz(string spec, string zoneId, string start)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var after = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var cron = CronSpec.Parse(spec);

        var ours = cron.GetNextOccurrences(after, zone, 20);
        var quartz = QuartzFireTimes(cron.ToQuartzExpressions(), zone, after, 20);

        Assert.Equal(20, quartz.Count);
        Assert.Equal(quartz, ours);
    }

    /// <summary>Several triggers of one job: the union of their fire times, an instant counted once.</summary>
    private static List<DateTimeOffset> QuartzFireTimes(IReadOnlyList<string> expressions, TimeZoneInfo zone, DateTimeOffset after, int count)
    {
        var crons = expressions.Select(e => new CronExpression(e, zone)).ToList();
        var result = new List<DateTimeOffset>();
        var current = after;
        while (result.Count < count)
        {
            var next = crons.Select(c => c.GetNextValidTimeAfter(current)).Where(n => n is not null).Min();
            if (next is null) break;
            result.Add(next.Value);
            current = next.Value;
        }
        return result;
    }
}
