using System.Globalization;

namespace Transporter.Api.Gui.Services;

/// <summary>Sizes and rates in decimal units (1 KB = 1000 bytes), as the bandwidth limits of the API count them.</summary>
public static class ByteUnits
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB", "PB"];

    /// <summary>The units a bandwidth limit can be typed in, with their size in bytes per second.</summary>
    public static readonly IReadOnlyList<(string Name, long BytesPerSecond)> RateUnits = [("KB/s", 1000), ("MB/s", 1_000_000), ("GB/s", 1_000_000_000)];

    /// <summary>The units a size can be typed in, with their size in bytes.</summary>
    public static readonly IReadOnlyList<(string Name, long Bytes)> SizeUnits =
        [("B", 1), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000)];

    public static string Format(double bytes)
    {
        var unit = 0;
        while (Math.Abs(bytes) >= 1000 && unit < Units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return unit == 0
            ? $"{bytes.ToString("0", CultureInfo.InvariantCulture)} B"
            : $"{bytes.ToString(bytes < 10 ? "0.##" : bytes < 100 ? "0.#" : "0", CultureInfo.InvariantCulture)} {Units[unit]}";
    }

    public static string FormatRate(double bytesPerSecond) => Format(bytesPerSecond) + "/s";

    /// <summary>A limit typed as a number and a unit, in bytes per second; null when the number is not one.</summary>
    public static long? ParseRate(string? number, string unit)
    {
        if (string.IsNullOrWhiteSpace(number)) return 0;
        if (!decimal.TryParse(number.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        var factor = RateUnits.FirstOrDefault(u => u.Name == unit).BytesPerSecond;
        if (factor == 0 || value > long.MaxValue / factor) return null;
        return (long)Math.Round(value * factor);
    }

    /// <summary>A size typed as a number and a unit, in bytes; null when empty, <paramref name="valid"/> false when the
    /// number is not one.</summary>
    public static long? ParseSize(string? number, string unit, out bool valid)
    {
        valid = true;
        if (string.IsNullOrWhiteSpace(number)) return null;
        var factor = SizeUnits.FirstOrDefault(u => u.Name == unit).Bytes;
        valid = decimal.TryParse(number.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && factor > 0 && value <= long.MaxValue / factor;
        return valid ? (long)Math.Round(value * factor) : null;
    }

    /// <summary>A limit split into the largest unit that shows it without losing precision (for editing a stored limit).</summary>
    public static (string Number, string Unit) SplitRate(long bytesPerSecond)
    {
        if (bytesPerSecond <= 0) return ("", "MB/s");
        foreach (var (name, size) in RateUnits.Reverse())
            if (bytesPerSecond >= size)
                return (((decimal)bytesPerSecond / size).ToString("0.###", CultureInfo.InvariantCulture), name);
        return (((decimal)bytesPerSecond / 1000).ToString("0.###", CultureInfo.InvariantCulture), "KB/s");
    }
}
