using Transporter.Core.Scheduling;

namespace Transporter.Core.Tests.Scheduling;

public class CronSpecTranslationTests
{
    [Theory]
    // Every example of the spec ("Scheduling parameter" and "Recurring Migration").
    [InlineData("@hourly", "0 0 * * * ?")]
    [InlineData("@daily", "0 0 0 * * ?")]
    [InlineData("@weekly", "0 0 0 ? * 1")]
    [InlineData("* * * * *", "0 * * * * ?")]
    [InlineData("0,15,30,45 * * * *", "0 0,15,30,45 * * * ?")]
    [InlineData("0 0 1 * *", "0 0 0 1 * ?")]
    [InlineData("45 23 * * 6", "0 45 23 ? * 7")]
    [InlineData("0,30 * * * *", "0 0,30 * * * ?")]
    // The other macros.
    [InlineData("@midnight", "0 0 0 * * ?")]
    [InlineData("@monthly", "0 0 0 1 * ?")]
    [InlineData("@yearly", "0 0 0 1 1 ?")]
    [InlineData("@annually", "0 0 0 1 1 ?")]
    [InlineData("@DAILY", "0 0 0 * * ?")]
    // Ranges, steps, lists and names.
    [InlineData("*/15 * * * *", "0 */15 * * * ?")]
    [InlineData("10-50/20 * * * *", "0 10-50/20 * * * ?")]
    [InlineData("5/15 9-17 * * *", "0 5/15 9-17 * * ?")]
    [InlineData("0 9 * * 1-5", "0 0 9 ? * 2-6")]
    [InlineData("0 9 * * MON-FRI", "0 0 9 ? * 2-6")]
    [InlineData("0 9 * * mon,wed,FRI", "0 0 9 ? * 2,4,6")]
    [InlineData("0 0 * * 7", "0 0 0 ? * 1")]
    [InlineData("0 0 * * 0,7", "0 0 0 ? * 1")]
    [InlineData("0 0 * * 5-7", "0 0 0 ? * 1,6,7")]
    [InlineData("0 0 * * 0-7", "0 0 0 ? * *")]
    [InlineData("0 0 * * */2", "0 0 0 ? * 1,3,5,7")]
    [InlineData("0 12 1 JAN-MAR,oct *", "0 0 12 1 1-3,10 ?")]
    [InlineData("0 12 */10 */3 *", "0 0 12 1,11,21,31 1,4,7,10 ?")]
    [InlineData("0 0 ? * *", "0 0 0 * * ?")]
    [InlineData("0 0 * * ?", "0 0 0 * * ?")]
    [InlineData("  30   4  *  *  *  ", "0 30 4 * * ?")]
    // Both day fields restricted: standard cron fires when EITHER matches, so two triggers.
    [InlineData("0 0 1,15 * 1", "0 0 0 1,15 * ? | 0 0 0 ? * 2")]
    [InlineData("30 8 13 * FRI", "0 30 8 13 * ? | 0 30 8 ? * 6")]
    [InlineData("0 0 */2 * 1-5", "0 0 0 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31 * ? | 0 0 0 ? * 2-6")]
    [InlineData("0 0 1-31 * 1", "0 0 0 * * ? | 0 0 0 ? * 2")]
    public void Translates_to_quartz(string spec, string expected)
    {
        var quartz = CronSpec.Parse(spec).ToQuartzExpressions();

        Assert.Equal(expected, string.Join(" | ", quartz));
        foreach (var expression in quartz) _ = new Quartz.CronExpression(expression); // throws FormatException when Quartz refuses it
    }

    [Theory]
    [InlineData("61 * * * *", "minute field '61' is out of range 0-59")]
    [InlineData("* * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 6")]
    [InlineData("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4")]
    [InlineData("", "cron spec is empty")]
    [InlineData("0 24 * * *", "hour field '24' is out of range 0-23")]
    [InlineData("0 0 0 * *", "day-of-month field '0' is out of range 1-31")]
    [InlineData("0 0 32 * *", "day-of-month field '32' is out of range 1-31")]
    [InlineData("0 0 * 13 *", "month field '13' is out of range 1-12")]
    [InlineData("0 0 * * 8", "day-of-week field '8' is out of range 0-7")]
    [InlineData("0 0 * FOO *", "month field 'FOO' is not a number or a month name (JAN-DEC)")]
    [InlineData("0 0 * * FUN", "day-of-week field 'FUN' is not a number or a day name (SUN-SAT)")]
    [InlineData("x * * * *", "minute field 'x' is not a number")]
    [InlineData("5-2 * * * *", "minute field '5-2' is a range whose start 5 is after its end 2")]
    [InlineData("*/0 * * * *", "minute field '*/0' has a step 0 out of range 1-59")]
    [InlineData("*/90 * * * *", "minute field '*/90' has a step 90 out of range 1-59")]
    [InlineData("0 */x * * *", "hour field '*/x' has a step 'x' that is not a number")]
    [InlineData("1,,2 * * * *", "minute field '1,,2' has an empty list item")]
    [InlineData("1- * * * *", "minute field '1-' is missing a value")]
    [InlineData("? * * * *", "minute field '?' uses '?', which only the day-of-month and day-of-week fields allow")]
    [InlineData("-1 * * * *", "minute field '-1' is missing a value")]
    [InlineData("@reboot", "unknown macro '@reboot' (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)")]
    [InlineData("0 0 30 2 *", "day-of-month field '30' never occurs in month field '2', so the spec never fires")]
    [InlineData("0 0 31 APR,JUN *", "day-of-month field '31' never occurs in month field 'APR,JUN', so the spec never fires")]
    public void Refuses_invalid_specs_naming_what_is_wrong(string spec, string message)
    {
        var error = Assert.Throws<CronSpecFormatException>(() => CronSpec.Parse(spec));
        Assert.Equal(message, error.Message);
        Assert.False(CronSpec.TryParse(spec, out _, out var tryError));
        Assert.Equal(message, tryError);
    }

    [Fact]
    public void A_spec_that_fires_only_with_the_day_of_week_is_accepted_even_on_impossible_dates()
    {
        // 30 February never happens, but with a restricted day-of-week the OR rule still fires on Mondays of February.
        Assert.True(CronSpec.TryParse("0 0 30 2 MON", out var spec, out _));
        Assert.Single(spec.ToQuartzExpressions(), e => e.EndsWith("? 2 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("@hourly", "every hour")]
    [InlineData("@daily", "at 00:00 every day")]
    [InlineData("@weekly", "at 00:00 on Sunday")]
    [InlineData("@monthly", "at 00:00 on day 1 of the month")]
    [InlineData("@yearly", "at 00:00 on day 1 of the month in January")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("0,15,30,45 * * * *", "every 15 minutes")]
    [InlineData("*/15 * * * *", "every 15 minutes")]
    [InlineData("0 0 1 * *", "at 00:00 on day 1 of the month")]
    [InlineData("45 23 * * 6", "at 23:45 on Saturday")]
    [InlineData("0,30 * * * *", "every 30 minutes")]
    [InlineData("5 * * * *", "at minute 5 past every hour")]
    [InlineData("0 9,17 * * MON-FRI", "at 09:00 and 17:00 on Monday through Friday")]
    [InlineData("*/10 9-17 * * *", "every 10 minutes past hours 9 through 17")]
    [InlineData("0 */2 * * *", "every 2 hours")]
    [InlineData("0 0 1,15 * 1", "at 00:00 on days 1 and 15 of the month or on Monday")]
    [InlineData("30 6 * JAN,JUL *", "at 06:30 every day in January and July")]
    [InlineData("0 12 1-5 * *", "at 12:00 on days 1 through 5 of the month")]
    [InlineData("0,20,40 * * * 0,6", "every 20 minutes on Sunday and Saturday")]
    public void Describes_in_plain_language(string spec, string description) =>
        Assert.Equal(description, CronSpec.Parse(spec).Describe());

    [Fact]
    public void Specs_that_fire_at_the_same_times_are_equal()
    {
        Assert.Equal(CronSpec.Parse("@daily"), CronSpec.Parse("0 0 * * *"));
        Assert.Equal(CronSpec.Parse("0 0 * * 7"), CronSpec.Parse("0 0 * * SUN"));
        Assert.NotEqual(CronSpec.Parse("0 0 * * *"), CronSpec.Parse("0 1 * * *"));
        Assert.Throws<InvalidOperationException>(() => default(CronSpec).ToQuartzExpressions());
    }
}
