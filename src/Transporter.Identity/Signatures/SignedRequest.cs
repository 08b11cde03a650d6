using Microsoft.Extensions.Primitives;

namespace Transporter.Identity.Signatures;

/// <summary>
/// What verifying a request's signature needs of it, without HTTP types: each protocol surface (the S3 store, the
/// Transporter API, later IAM and STS) builds one from its own request object with <see cref="Create"/>.
/// </summary>
public sealed class SignedRequest
{
    private SignedRequest(string method, string path, string query, string host, IDictionary<string, StringValues> headers, long? contentLength,
        Stream body)
    {
        Method = method;
        Path = path;
        Query = query;
        Host = host;
        Headers = headers;
        ContentLength = contentLength;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The path exactly as the client wrote it on the request line, still percent-encoded: what signers sign.</summary>
    public string Path { get; }

    /// <summary>The query as written on the request line, without '?', still percent-encoded; empty when none.</summary>
    public string Query { get; }

    /// <summary>The host and port the request was addressed to (the Host header, or HTTP/2's :authority).</summary>
    public string Host { get; }

    /// <summary>The request headers; the dictionary must compare names case-insensitively (HTTP servers' do).</summary>
    public IDictionary<string, StringValues> Headers { get; }

    public long? ContentLength { get; }

    /// <summary>The raw body; read it through the <see cref="AuthResult.Body"/> the authenticator hands out instead.</summary>
    public Stream Body { get; }

    /// <param name="method">The HTTP method.</param>
    /// <param name="rawTarget">The request target as sent, still percent-encoded: origin form ("/path?query") or absolute
    /// form ("http://host/path?query", from proxies).</param>
    /// <param name="host">The Host header's value.</param>
    /// <param name="headers">The request headers, names compared case-insensitively.</param>
    /// <param name="contentLength">The Content-Length, null when absent.</param>
    /// <param name="body">The raw body.</param>
    public static SignedRequest Create(string method, string rawTarget, string host, IDictionary<string, StringValues> headers,
        long? contentLength, Stream body)
    {
        var (path, query) = SplitTarget(rawTarget);
        return new SignedRequest(method, path, query, host, headers, contentLength, body);
    }

    /// <summary>The values of header <paramref name="name"/>; empty when absent.</summary>
    public StringValues Header(string name) => Headers.TryGetValue(name, out var values) ? values : StringValues.Empty;

    /// <summary>The host name without its port ("bucket.example.com" of "bucket.example.com:9000", "::1" of "[::1]:9000").</summary>
    public string HostName
    {
        get
        {
            if (Host.StartsWith('['))
            {
                var close = Host.IndexOf(']');
                return close < 0 ? Host : Host[1..close];
            }
            var colon = Host.LastIndexOf(':');
            return colon < 0 ? Host : Host[..colon];
        }
    }

    /// <summary>True when a body follows (a Content-Length above 0, or a Transfer-Encoding without one).</summary>
    public bool HasBody => ContentLength > 0 || (ContentLength is null && Headers.ContainsKey("Transfer-Encoding"));

    private static (string Path, string Query) SplitTarget(string raw)
    {
        if (raw.Length > 0 && raw[0] != '/' && Uri.TryCreate(raw, UriKind.Absolute, out var absolute))
            return (absolute.AbsolutePath, absolute.Query.Length > 0 ? absolute.Query[1..] : "");
        var q = raw.IndexOf('?');
        if (q < 0) return (raw.Length == 0 ? "/" : raw, "");
        var query = raw[(q + 1)..];
        var hash = query.IndexOf('#');
        return (q == 0 ? "/" : raw[..q], hash < 0 ? query : query[..hash]);
    }
}
