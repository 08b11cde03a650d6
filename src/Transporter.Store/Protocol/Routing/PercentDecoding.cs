namespace Transporter.Store.Protocol.Routing;

/// <summary>
/// Decodes %XX escapes of a raw request path into bytes, exactly (no '+' to space, no dot-segment removal, no
/// slash merging), so an object key arrives as the client encoded it.
/// </summary>
internal static class PercentDecoding
{
    public static byte[] Decode(ReadOnlySpan<char> raw)
    {
        var bytes = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                bytes[n++] = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                i += 2;
            }
            else if (c < 0x80) bytes[n++] = (byte)c;
            else
            {
                // Kestrel hands non-ASCII target bytes over as Latin-1 characters; put the original byte back.
                bytes[n++] = c <= 0xFF ? (byte)c : (byte)'?';
            }
        }
        return bytes.AsSpan(0, n).ToArray();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
