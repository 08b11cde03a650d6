using System.Security.Cryptography;

namespace Transporter.Worker.Copying;

/// <summary>MD5 forms met when verifying copies: base64 (Content-MD5), plain hex ETags and S3's multipart
/// "md5-of-md5s-N" ETags.</summary>
internal static class Md5Digest
{
    /// <summary>True for 32 hex digits: the ETag of a single-part S3 object (its MD5).</summary>
    public static bool IsPlainHex(string? etag)
    {
        if (etag is not { Length: 32 }) return false;
        foreach (var c in etag)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>Base64 of a plain hex MD5 ETag; null for any other ETag.</summary>
    public static string? Base64FromHex(string? etag) => IsPlainHex(etag) ? Convert.ToBase64String(Convert.FromHexString(etag!)) : null;

    /// <summary>Splits "hex-N" (S3's multipart ETag) into its digest and part count.</summary>
    public static bool TryParseComposite(string? etag, out string hex, out int parts)
    {
        hex = "";
        parts = 0;
        if (etag is null || etag.Length < 34 || etag[32] != '-') return false;
        if (!IsPlainHex(etag[..32]) || !int.TryParse(etag.AsSpan(33), System.Globalization.NumberStyles.None, null, out parts)) return false;
        hex = etag[..32];
        return true;
    }

    /// <summary>S3's multipart ETag digest: hex MD5 of the parts' MD5s concatenated in part order.</summary>
    public static string CompositeHex(ReadOnlySpan<byte> concatenatedPartDigests) =>
        Convert.ToHexStringLower(MD5.HashData(concatenatedPartDigests));

    /// <summary>Compares two base64 MD5s by their bytes (padding and case of hex forms do not matter).</summary>
    public static bool SameBase64(string a, string b)
    {
        Span<byte> x = stackalloc byte[18];
        Span<byte> y = stackalloc byte[18];
        return Convert.TryFromBase64String(a, x, out var lx) && Convert.TryFromBase64String(b, y, out var ly)
               && x[..lx].SequenceEqual(y[..ly]);
    }
}
