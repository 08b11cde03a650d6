using System.Text;

namespace Transporter.Store.Protocol.Headers;

/// <summary>
/// RFC 2047 encoded-words, as S3 treats user metadata: values arriving as encoded-words are decoded before they are
/// stored, and a stored value holding anything but printable US-ASCII is returned as <c>=?UTF-8?B?...?=</c> (an HTTP
/// header cannot carry it raw; writing it would fail the whole answer).
/// </summary>
internal static class MimeEncodedWords
{
    /// <summary>The value as it may appear in a response header: unchanged when printable ASCII (tab allowed) that
    /// survives HTTP as it is; encoded when HTTP would trim it (leading or trailing white space) or a client would take
    /// it for an encoded-word, so every value reads back exactly.</summary>
    public static string Encode(string value)
    {
        var plain = value.Length == 0 || (!char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
            && !value.Contains("=?", StringComparison.Ordinal));
        foreach (var c in value)
            if (c is (< ' ' and not '\t') or > '~') plain = false;
        return plain ? value : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
    }

    /// <summary>Decodes the encoded-words of <paramref name="value"/> (B or Q, UTF-8, ISO-8859-1 or US-ASCII); text
    /// that is not an encoded-word, or one that does not decode, is kept as it is.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal)) return value;
        var sb = new StringBuilder(value.Length);
        var i = 0;
        var lastWasWord = false;
        while (i < value.Length)
        {
            if (TryReadWord(value, i, out var decoded, out var end))
            {
                // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047, 6.2).
                if (lastWasWord) TrimTrailingWhitespace(sb);
                sb.Append(decoded);
                i = end;
                lastWasWord = true;
                continue;
            }
            if (!char.IsWhiteSpace(value[i])) lastWasWord = false;
            sb.Append(value[i++]);
        }
        return sb.ToString();
    }

    private static bool TryReadWord(string text, int start, out string decoded, out int end)
    {
        decoded = "";
        end = start;
        if (string.CompareOrdinal(text, start, "=?", 0, 2) != 0) return false;
        var charsetEnd = text.IndexOf('?', start + 2);
        if (charsetEnd < 0 || charsetEnd + 2 >= text.Length || text[charsetEnd + 2] != '?') return false;
        var close = text.IndexOf("?=", charsetEnd + 3, StringComparison.Ordinal);
        if (close < 0) return false;
        var charset = text[(start + 2)..charsetEnd];
        var star = charset.IndexOf('*'); // RFC 2231 language suffix
        if (star >= 0) charset = charset[..star];
        Encoding encoding;
        switch (charset.ToUpperInvariant())
        {
            case "UTF-8": encoding = new UTF8Encoding(false, throwOnInvalidBytes: true); break;
            case "ISO-8859-1": encoding = Encoding.Latin1; break;
            case "US-ASCII": encoding = Encoding.ASCII; break;
            default: return false;
        }
        var payload = text[(charsetEnd + 3)..close];
        try
        {
            var bytes = char.ToUpperInvariant(text[charsetEnd + 1]) switch
            {
                'B' => Convert.FromBase64String(payload),
                'Q' => DecodeQ(payload),
                _ => null,
            };
            if (bytes is null) return false;
            decoded = encoding.GetString(bytes);
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
        end = close + 2;
        return true;
    }

    private static byte[] DecodeQ(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c == '_') bytes.Add((byte)' ');
            else if (c == '=' && i + 2 < payload.Length && char.IsAsciiHexDigit(payload[i + 1]) && char.IsAsciiHexDigit(payload[i + 2]))
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c > '~' || c == '=') throw new FormatException("not a Q-encoded word");
            else bytes.Add((byte)c);
        }
        return bytes.ToArray();
    }

    private static void TrimTrailingWhitespace(StringBuilder sb)
    {
        while (sb.Length > 0 && char.IsWhiteSpace(sb[^1])) sb.Length--;
    }
}
