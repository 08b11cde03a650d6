using System.Globalization;
using System.Text;

namespace Transporter.Store.Protocol.Headers;

/// <summary>encoding-type=url in listings: every byte but unreserved characters and '/' as %XX of its UTF-8.
/// Clients decode with unquote/unquote_plus/UrlDecode, all of which read this form.</summary>
internal static class UrlEncoding
{
    public static string? Encode(string? value, bool enabled)
    {
        if (!enabled || value is null) return value;
        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' or (byte)'/')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
