using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Transporter.Identity.Signatures;

namespace Transporter.Api.Http;

/// <summary>An API request as identity's signature verification sees it: the request target exactly as sent.</summary>
internal static class HttpSignedRequest
{
    public static SignedRequest From(HttpRequest request)
    {
        // ASP.NET's Path is already decoded; signers signed the target as written on the request line.
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return SignedRequest.Create(request.Method, string.IsNullOrEmpty(raw) ? request.GetEncodedPathAndQuery() : raw,
            request.Host.Value ?? "", request.Headers, request.ContentLength, request.Body);
    }
}
