using System.Text;
using Microsoft.Extensions.Primitives;
using Transporter.Identity.Signatures;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>Turns a request written out as text (request line, headers, blank line, body), as the AWS test suites
/// print them, into the <see cref="SignedRequest"/> a server would hand to the authenticator, raw request target included.</summary>
public static class RawHttpRequest
{
    public static SignedRequest Parse(string text, byte[]? body = null)
    {
        text = text.Replace("\r\n", "\n");
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text.TrimEnd('\n') : text[..headerEnd];
        body ??= headerEnd < 0 ? [] : Encoding.UTF8.GetBytes(text[(headerEnd + 2)..]);
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];

        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                // An obs-fold continuation line: the suite counts it as one more value of the header (Kestrel
                // refuses folded headers, so a server never sees one).
                headers.Add((headers[^1].Name, line.Trim()));
                continue;
            }
            var colon = line.IndexOf(':');
            // Servers strip the optional whitespace around a field value, as Kestrel does.
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return Build(method, target, headers, body);
    }

    public static SignedRequest Build(string method, string target, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var dictionary = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            dictionary[group.Key] = new StringValues(group.Select(h => h.Value).ToArray());
        long? contentLength = dictionary.TryGetValue("Content-Length", out var length) ? long.Parse(length.ToString().Trim()) : null;
        var host = dictionary.TryGetValue("Host", out var hostValue) ? hostValue.ToString().Trim() : "";
        return SignedRequest.Create(method, target, host, dictionary, contentLength, new MemoryStream(body));
    }
}
