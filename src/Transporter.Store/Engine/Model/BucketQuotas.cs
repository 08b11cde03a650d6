using System.Globalization;

namespace Transporter.Store.Engine.Model;

/// <summary>A bucket's limits (Garage's quotas): total bytes and object count; null is no limit.</summary>
public sealed record BucketQuotas(long? MaxSize, long? MaxObjects)
{
    public static readonly BucketQuotas None = new(null, null);

    public bool IsNone => MaxSize is null && MaxObjects is null;

    /// <summary>The stored form "maxSize|maxObjects", an empty side for no limit.</summary>
    public string Encode() =>
        $"{MaxSize?.ToString(CultureInfo.InvariantCulture)}|{MaxObjects?.ToString(CultureInfo.InvariantCulture)}";

    public static BucketQuotas Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return None;
        var sides = stored.Split('|');
        static long? Side(string s) => s.Length == 0 ? null : long.Parse(s, CultureInfo.InvariantCulture);
        return new BucketQuotas(Side(sides[0]), sides.Length > 1 ? Side(sides[1]) : null);
    }
}
