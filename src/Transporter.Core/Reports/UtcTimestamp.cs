using System.Globalization;

namespace Transporter.Core.Reports;

/// <summary>The one text form of report times: UTC ISO-8601 with a 'Z', fractional seconds only when present
/// ("2021-04-19T12:55:53Z", "2021-04-19T12:55:53.25Z"), in JSON and CSV alike.</summary>
public static class UtcTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    private const string MillisecondFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Always three fractional digits ("2020-03-26T13:26:44.540Z"), as the spec's migration state shows its times.</summary>
    public static string ToMillisecondText(DateTimeOffset time) => time.UtcDateTime.ToString(MillisecondFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
