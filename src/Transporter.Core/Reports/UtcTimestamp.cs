using System.Globalization;

namespace Transporter.Core.Reports;

/// <summary>The one text form of report times: UTC ISO-8601 with a 'Z', fractional seconds only when present
/// ("2021-04-19T12:55:53Z", "2021-04-19T12:55:53.25Z"), in JSON and CSV alike.</summary>
public static class UtcTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
