using System.Globalization;

namespace Transporter.Store.Protocol.Xml;

/// <summary>The two time formats of S3: ISO 8601 with milliseconds in XML, RFC 1123 in headers.</summary>
internal static class S3Timestamps
{
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Http(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO 8601 / RFC 3339 timestamp ("2030-01-02T03:04:05Z", fractions and offsets allowed).</summary>
    public static DateTimeOffset? ParseIso(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Contains('T')
        && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>Parses an HTTP date (RFC 1123, RFC 850 or asctime); null when it is not one.</summary>
    public static DateTimeOffset? ParseHttp(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        string[] formats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "ddd, dd MMM yyyy HH:mm:ss 'UTC'"];
        return DateTimeOffset.TryParseExact(value.Trim(), formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }
}
