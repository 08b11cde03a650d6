using Transporter.Core.Bandwidth;
using Transporter.Core.Migrations;

namespace Transporter.Core.Tests.Bandwidth;

public class BandwidthTimetableTests
{
    private static BandwidthTimetable Table(string? zone, params (string Days, string From, string To, long Limit)[] windows)
    {
        var table = BandwidthTimetable.Compile(windows.Select(w => (BandwidthWindow?)new BandwidthWindow { Days = w.Days, From = w.From, To = w.To, Limit = w.Limit })
            .ToList(), zone, out var errors);
        Assert.Empty(errors);
        return table!;
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-06-01T07:59:59Z", null)] // Monday, before
    [InlineData("2026-06-01T08:00:00Z", 10_000_000L)]
    [InlineData("2026-06-05T17:59:59Z", 10_000_000L)] // Friday
    [InlineData("2026-06-05T18:00:00Z", null)]
    [InlineData("2026-06-06T12:00:00Z", null)] // Saturday
    public void A_weekday_window_holds_from_its_start_to_just_before_its_end(string at, long? expected)
    {
        Assert.Equal(expected, Table(null, ("Mon-Fri", "08:00", "18:00", 10_000_000)).LimitAt(Utc(at)));
    }

    [Theory]
    [InlineData("2026-06-05T23:00:00Z", 1000L)] // Friday night: Fri's overnight window
    [InlineData("2026-06-06T05:59:00Z", 1000L)] // Saturday morning, still Friday's window
    [InlineData("2026-06-06T06:00:00Z", null)]
    [InlineData("2026-06-06T23:00:00Z", null)] // Saturday night: no window opens on Saturday
    [InlineData("2026-06-08T03:00:00Z", 5000L)] // Monday early: Sun's window wraps (Fri-Sun list) into Monday
    public void An_overnight_window_belongs_to_the_day_it_opens(string at, long? expected)
    {
        var table = Table(null, ("Fri", "22:00", "06:00", 1000), ("Sun", "22:00", "06:00", 5000));
        Assert.Equal(expected, table.LimitAt(Utc(at)));
    }

    [Fact]
    public void Days_lists_and_wrapping_ranges_and_the_first_matching_window_wins()
    {
        var table = Table(null, ("Fri-Mon", "00:00", "24:00", 0), ("Daily", "00:00", "24:00", 2000));

        Assert.Equal(0, table.LimitAt(Utc("2026-06-07T12:00:00Z"))); // Sunday
        Assert.Equal(0, table.LimitAt(Utc("2026-06-08T23:59:00Z"))); // Monday
        Assert.Equal(2000, table.LimitAt(Utc("2026-06-09T12:00:00Z"))); // Tuesday
        Assert.Equal(2000, Table(null, ("sat,Sunday", "00:00", "24:00", 2000)).LimitAt(Utc("2026-06-07T00:00:00Z")));
    }

    [Theory]
    [InlineData("2026-01-12T06:59:00Z", null)] // 07:59 in Berlin (winter, UTC+1)
    [InlineData("2026-01-12T07:00:00Z", 3000L)]
    [InlineData("2026-06-01T05:59:00Z", null)] // 07:59 in Berlin (summer, UTC+2)
    [InlineData("2026-06-01T06:00:00Z", 3000L)]
    public void Windows_are_in_the_migrations_time_zone_daylight_saving_included(string at, long? expected)
    {
        Assert.Equal(expected, Table("Europe/Berlin", ("Mon-Fri", "08:00", "18:00", 3000)).LimitAt(Utc(at)));
    }

    [Fact]
    public void Outside_every_window_the_migrations_own_limit_applies()
    {
        var controls = new MigrationControls { BandwidthTimetable = [new BandwidthWindow { Days = "Mon", From = "08:00", To = "09:00", Limit = 0 }] };

        Assert.Equal(0, BandwidthTimetable.EffectiveLimit(7000, controls, Utc("2026-06-01T08:30:00Z")));
        Assert.Equal(7000, BandwidthTimetable.EffectiveLimit(7000, controls, Utc("2026-06-01T09:00:00Z")));
        Assert.Equal(7000, BandwidthTimetable.EffectiveLimit(7000, MigrationControls.None, Utc("2026-06-01T08:30:00Z")));
    }

    [Theory]
    [InlineData("Mon-Fri", "08:00", "18:00", 999L, null, "bandwidthTimetable[0].limit: the bandwidth limit must be 0 (no limit) or at least 1000")]
    [InlineData("Weekdays", "08:00", "18:00", 0L, null, "bandwidthTimetable[0].days: 'Weekdays' is not a day")]
    [InlineData("", "08:00", "18:00", 0L, null, "bandwidthTimetable[0].days is required")]
    [InlineData("Mon", "8am", "18:00", 0L, null, "bandwidthTimetable[0].from must be a time of day as HH:mm")]
    [InlineData("Mon", "08:00", "25:00", 0L, null, "bandwidthTimetable[0].to must be a time of day as HH:mm")]
    [InlineData("Mon", "24:00", "08:00", 0L, null, "bandwidthTimetable[0].from must be a time of day")]
    [InlineData("Mon", "08:00", "08:00", 0L, null, "bandwidthTimetable[0]: from and to are both 08:00")]
    [InlineData("Mon", "08:00", "09:00", 0L, "Mars/Olympus", "timeZone 'Mars/Olympus' is not a time zone")]
    public void Validation_names_the_field(string days, string from, string to, long limit, string? zone, string expected)
    {
        var table = BandwidthTimetable.Compile([new BandwidthWindow { Days = days, From = from, To = to, Limit = limit }], zone, out var errors);

        Assert.Null(table);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
