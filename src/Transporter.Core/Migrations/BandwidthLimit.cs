using System.Globalization;

namespace Transporter.Core.Migrations;

/// <summary>The spec's bandwidth limits: 0 (no limit) or at least <see cref="Minimum"/> bytes per second.</summary>
public static class BandwidthLimit
{
    public const long Minimum = 1000;

    public static bool IsValid(long bytesPerSecond) => bytesPerSecond == 0 || bytesPerSecond >= Minimum;

    /// <summary>Parses the bandwidth-limit query value; an absent or empty value is 0. Null error when valid.</summary>
    public static long Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text)) return 0;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = $"bandwidth-limit must be an integer number of bytes per second, got '{text}'";
            return 0;
        }
        if (!IsValid(value)) error = Describe(value);
        return value;
    }

    /// <summary>Why <paramref name="bytesPerSecond"/> is refused.</summary>
    public static string Describe(long bytesPerSecond) =>
        $"the bandwidth limit must be 0 (no limit) or at least {Minimum} bytes per second, got {bytesPerSecond}";
}
