using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Transporter.Store.Protocol.Auth.SigV4;

/// <summary>The path and query exactly as the client wrote them on the request line (still percent-encoded),
/// which is what signers signed; ASP.NET's <see cref="HttpRequest.Path"/> is already decoded.</summary>
internal readonly record struct RequestTarget(string Path, string Query)
{
    public static RequestTarget From(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            if (raw[0] == '/') return Split(raw);
            // absolute-form (proxies): http://host/path?query
            if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute))
                return new RequestTarget(absolute.AbsolutePath, absolute.Query.Length > 0 ? absolute.Query[1..] : "");
        }
        var path = (request.PathBase + request.Path).ToUriComponent();
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        return new RequestTarget(path.Length == 0 ? "/" : path, query);
    }

    private static RequestTarget Split(string raw)
    {
        var q = raw.IndexOf('?');
        if (q < 0) return new RequestTarget(raw, "");
        var query = raw[(q + 1)..];
        var hash = query.IndexOf('#');
        return new RequestTarget(raw[..q], hash < 0 ? query : query[..hash]);
    }
}
