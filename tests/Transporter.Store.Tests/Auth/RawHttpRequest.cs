using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Transporter.Store.Tests.Auth;

/// <summary>Turns a request written out as text (request line, headers, blank line, body), as the AWS test suites
/// print them, into the HttpContext ASP.NET Core would build from it, raw request target included.</summary>
public static class RawHttpRequest
{
    public static DefaultHttpContext Parse(string text, byte[]? body = null)
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

    public static DefaultHttpContext Build(string method, string target, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var context = new DefaultHttpContext();
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        feature.RawTarget = target;
        var request = context.Request;
        request.Method = method;
        var q = target.IndexOf('?');
        request.Path = new PathString(Uri.UnescapeDataString(q < 0 ? target : target[..q]));
        request.QueryString = q < 0 ? QueryString.Empty : new QueryString(target[q..]);
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            request.Headers[group.Key] = new StringValues(group.Select(h => h.Value).ToArray());
        if (request.Headers.TryGetValue("Content-Length", out var length)) request.ContentLength = long.Parse(length.ToString().Trim());
        request.Host = new HostString(request.Headers.Host.ToString().Trim());
        request.Body = new MemoryStream(body);
        return context;
    }
}
