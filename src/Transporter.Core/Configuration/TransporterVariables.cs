using System.Reflection;
using System.Text;

namespace Transporter.Core.Configuration;

/// <summary>The TRANSPORTER_* environment variables: one per <see cref="TransporterOptions"/> property.</summary>
public static class TransporterVariables
{
    public const string Prefix = "TRANSPORTER_";

    /// <summary>Reserved for the test harness (TRANSPORTER_TEST_POSTGRES, ...); never platform settings.</summary>
    public const string TestPrefix = "TRANSPORTER_TEST_";

    /// <summary>Every variable name with its property, in declaration order.</summary>
    public static readonly IReadOnlyList<(string Name, PropertyInfo Property)> All = typeof(TransporterOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => (Prefix + UpperSnake(p.Name), p))
        .ToList();

    /// <summary>The configuration key under the "Transporter" section that a variable sets (TRANSPORTER_DATA_DIR:
    /// DATADIR, which binds to DataDir as binding ignores case).</summary>
    public static string KeyOf(string variable) => variable[Prefix.Length..].Replace("_", "", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="variable"/> (a TRANSPORTER_* name) sets a property.</summary>
    public static bool IsKnown(string variable) =>
        All.Any(v => string.Equals(v.Property.Name, KeyOf(variable), StringComparison.OrdinalIgnoreCase));

    /// <summary>The known variable nearest to <paramref name="variable"/> in edit distance (for "did you mean").</summary>
    public static string Closest(string variable) =>
        All.Select(v => v.Name).MinBy(name => EditDistance(name, variable.ToUpperInvariant()))!;

    /// <summary>DataDir: DATA_DIR, S3Url: S3_URL, S3CacheMiB: S3_CACHE_MIB (a capital ending a word stays in it).</summary>
    internal static string UpperSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]))
                             && i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (startsWord) sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
