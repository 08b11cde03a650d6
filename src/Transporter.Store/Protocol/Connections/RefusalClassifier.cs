using System.Text;

namespace Transporter.Store.Protocol.Connections;

/// <summary>
/// Names, in S3's terms, why Kestrel refused a request before the application saw it, from Kestrel's status and the
/// start of the request head: 431 and 414 are header or query sections over the limit (a path alone over it is a key
/// too long), a 400 whose request target holds %00, control or non-ASCII bytes is an unparsable URI.
/// </summary>
internal static class RefusalClassifier
{
    /// <summary>Keys longer than this are refused by S3 (KeyTooLongError).</summary>
    private const int MaxKeyBytes = 1024;

    public static (string Code, string? Message) Classify(int kestrelStatus, ReadOnlySpan<byte> requestHead)
    {
        var target = RequestTarget(requestHead, out var complete);
        switch (kestrelStatus)
        {
            case 414:
            {
                var query = target.IndexOf((byte)'?');
                var pathLength = query < 0 ? target.Length : query;
                return pathLength > MaxKeyBytes ? ("KeyTooLongError", null) : ("RequestHeaderSectionTooLarge", null);
            }
            case 431:
                return ("RequestHeaderSectionTooLarge", null);
            case 411:
                return ("MissingContentLength", null);
            case 408:
                return ("RequestTimeout", null);
            case 413:
                return ("EntityTooLarge", null);
            default:
                if (complete && HasBadTargetByte(target)) return ("InvalidURI", null);
                if (HasNonAscii(requestHead))
                    return ("InvalidArgument", "Header values must be UTF-8 (or RFC 2047 encoded-words).");
                return ("InvalidRequest", "The request is not valid HTTP/1.1.");
        }
    }

    /// <summary>The request target of "METHOD target HTTP/1.1"; as much as was captured when the line is longer.</summary>
    private static ReadOnlySpan<byte> RequestTarget(ReadOnlySpan<byte> head, out bool complete)
    {
        complete = false;
        var space = head.IndexOf((byte)' ');
        if (space < 0) return [];
        var rest = head[(space + 1)..];
        var end = rest.IndexOfAny((byte)' ', (byte)'\r', (byte)'\n');
        if (end < 0) return rest;
        complete = true;
        return rest[..end];
    }

    private static bool HasBadTargetByte(ReadOnlySpan<byte> target)
    {
        foreach (var b in target)
            if (b is < 0x21 or >= 0x7F) return true;
        var text = Encoding.ASCII.GetString(target);
        return text.Contains("%00", StringComparison.Ordinal) || (target.Length > 0 && target[0] != '/' && target[0] != '*' && !text.StartsWith("http", StringComparison.OrdinalIgnoreCase));
    }

    private static bool HasNonAscii(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
            if (b >= 0x80) return true;
        return false;
    }
}
