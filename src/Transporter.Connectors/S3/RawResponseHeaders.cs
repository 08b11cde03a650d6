using System.Net.Http.Headers;

namespace Transporter.Connectors.S3;

/// <summary>
/// The content headers of an object's HEAD/GET answer exactly as the server sent them. AWSSDK reads response headers
/// through .NET's typed parsers, which re-format Cache-Control (directive order), Content-Disposition and Expires, and
/// keep only the first value of Content-Encoding and Content-Language ("de, en" becomes "de"). A store starts a
/// capture around such a call; <see cref="RawResponseHeadersHandler"/> fills it from the wire.
/// </summary>
internal sealed class RawResponseHeaders
{
    private static readonly AsyncLocal<RawResponseHeaders?> Active = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static readonly string[] Names = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Type", "Expires"];

    /// <summary>Captures the answers of the SDK calls made from here on in this async flow (the last answer wins).</summary>
    public static RawResponseHeaders Begin() => Active.Value = new RawResponseHeaders();

    /// <summary>Called by the handler for every response; records it when a capture is active in this flow.</summary>
    public static void Record(HttpResponseMessage response)
    {
        var capture = Active.Value;
        if (capture is null) return;
        lock (capture._values)
        {
            capture._values.Clear();
            foreach (var name in Names)
                if (Raw(response, name) is { } value)
                    capture._values[name] = value;
        }
    }

    /// <summary>The header as sent, or <paramref name="parsed"/> (the SDK's reading) when it was not captured.</summary>
    public string? Get(string name, string? parsed)
    {
        lock (_values) return _values.TryGetValue(name, out var value) ? value : parsed;
    }

    /// <summary>A response header exactly as it came (several values joined by ", "), or null.</summary>
    public static string? Raw(HttpResponseMessage response, string name)
    {
        HeaderStringValues values;
        return response.Content.Headers.NonValidated.TryGetValues(name, out values) || response.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;
    }
}
