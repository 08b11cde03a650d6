using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transporter.Bench.SyntheticS3;

/// <summary>The generated objects: key i is "obj/" + i in ten digits (so key order is index order), its content
/// <see cref="Size"/> bytes derived from i, its ETag the MD5 of that content, all modified at one fixed time.</summary>
public sealed class SyntheticObjects(int size)
{
    public const string Prefix = "obj/";
    public static readonly DateTimeOffset Modified = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int Size { get; } = size;

    public static string Key(long index) => Prefix + index.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The index of a generated key, or -1.</summary>
    public static long IndexOf(string key) =>
        key.Length == Prefix.Length + 10 && key.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(key.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;

    public byte[] Content(long index)
    {
        var bytes = new byte[Size];
        var seed = Encoding.ASCII.GetBytes(Key(index) + "\n");
        for (var i = 0; i < bytes.Length; i++) bytes[i] = seed[i % seed.Length];
        return bytes;
    }

    public string ETag(long index) => Convert.ToHexStringLower(MD5.HashData(Content(index)));

    /// <summary>The first index in [0, count) whose key sorts after <paramref name="after"/> (ordinal, as S3 orders keys).</summary>
    public static long FirstAfter(string? after, long count) => string.IsNullOrEmpty(after) ? 0 : First(count, key => string.CompareOrdinal(key, after) > 0);

    /// <summary>The first index in [0, count) whose key sorts at or after <paramref name="prefix"/>.</summary>
    public static long FirstAtOrAfter(string prefix, long count) => First(count, key => string.CompareOrdinal(key, prefix) >= 0);

    private static long First(long count, Func<string, bool> holds)
    {
        long lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (holds(Key(mid))) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
