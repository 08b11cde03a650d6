namespace Transporter.Core.Storage;

/// <summary>
/// The order object keys are listed in by S3, Azure and GCS: by UTF-8 bytes. string.CompareOrdinal compares
/// UTF-16 code units, which differs for characters above U+FFFF versus U+E000..U+FFFF, so listings are
/// merged with this comparer.
/// </summary>
public sealed class KeyOrder : IComparer<string>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            // Surrogates (D800-DFFF) encode code points above FFFF, which sort after every BMP character in UTF-8.
            if (char.IsSurrogate(a) != char.IsSurrogate(b)) return char.IsSurrogate(a) ? 1 : -1;
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
