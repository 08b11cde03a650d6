using System.Text;

namespace Transporter.Identity.Signatures.SigV4;

/// <summary>The URI encoding of AWS signatures: every UTF-8 byte except A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex).</summary>
internal static class AwsUriEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~';

    /// <summary>Encodes <paramref name="value"/>; '/' stays as is when <paramref name="keepSlash"/> (paths).
    /// Returns the same instance when nothing needs encoding, which is the common case on the hot path.</summary>
    public static string Encode(string value, bool keepSlash)
    {
        var i = 0;
        while (i < value.Length && (IsUnreserved(value[i]) || (keepSlash && value[i] == '/'))) i++;
        if (i == value.Length) return value;

        var sb = new StringBuilder(value.Length + 32);
        sb.Append(value, 0, i);
        Span<byte> utf8 = stackalloc byte[4];
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                sb.Append(c);
                continue;
            }
            int length;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                length = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            }
            for (var b = 0; b < length; b++)
            {
                sb.Append('%').Append(Hex[utf8[b] >> 4]).Append(Hex[utf8[b] & 0xF]);
            }
        }
        return sb.ToString();
    }

    /// <summary><c>Encode(Decode(raw), keepSlash)</c>, without either step when <paramref name="raw"/> is already in that
    /// form (only unreserved characters, '/' in paths, and upper-case %XX of other ASCII bytes): the common case of a
    /// signed request, which verifying it meets on every query parameter and path.</summary>
    public static string Canonical(string raw, bool keepSlash) => IsCanonical(raw, keepSlash) ? raw : Encode(Decode(raw), keepSlash);

    private static bool IsCanonical(string raw, bool keepSlash)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (IsUnreserved(c) || (keepSlash && c == '/')) continue;
            if (c != '%' || i + 2 >= raw.Length || !IsUpperHex(raw[i + 1]) || !IsUpperHex(raw[i + 2])) return false;
            // A non-ASCII byte may belong to an invalid UTF-8 sequence, which decoding keeps as text: the long way decides.
            var decoded = (char)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
            if (decoded >= 0x80 || IsUnreserved(decoded) || (keepSlash && decoded == '/')) return false;
            i += 2;
        }
        return true;

        static bool IsUpperHex(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F';
        static int HexValue(char c) => c <= '9' ? c - '0' : c - 'A' + 10;
    }

    /// <summary>Percent-decodes (UTF-8); '+' stays '+', as AWS signers never encode a space as '+'.</summary>
    public static string Decode(string value) => value.Contains('%') ? Uri.UnescapeDataString(value) : value;

    /// <summary>RFC 3986 dot-segment removal plus the collapse of empty segments that AWS services (except S3) apply
    /// before signing, as botocore's <c>remove_dot_segments</c> does.</summary>
    public static string NormalizePath(string path)
    {
        if (path.Length == 0) return "/";
        if (!path.Contains("//", StringComparison.Ordinal) && !path.Contains("/.", StringComparison.Ordinal) && path[0] == '/')
            return path;
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
                continue;
            }
            output.Add(segment);
        }
        var first = path[0] == '/' ? "/" : "";
        var last = path[^1] == '/' && output.Count > 0 ? "/" : "";
        return first + string.Join('/', output) + last;
    }
}
