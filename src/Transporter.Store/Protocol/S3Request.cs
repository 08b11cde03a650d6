using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol;

/// <summary>One authenticated S3 request on its way to a handler: who, what, and the body to read.</summary>
internal sealed class S3Request(HttpContext http, Caller? caller, AuthResult auth, S3Target target, S3Operation operation, string owner)
{
    public HttpContext Http { get; } = http;

    /// <summary>Who signed the request; null for an anonymous one (allowed by a bucket policy or ACL).</summary>
    public Caller? Caller { get; } = caller;

    /// <summary>The body to read (never Request.Body: aws-chunked framing and payload hashes are handled here).</summary>
    public AuthResult Auth { get; } = auth;

    public S3Target Target { get; } = target;
    public S3Operation Operation { get; } = operation;

    /// <summary>The root (tenant) the engine acts for: the bucket's owner once the request was authorized (the caller's
    /// root for ListBuckets and CreateBucket).</summary>
    public string Owner { get; } = owner;

    /// <summary>The caller's root (tenant), null when anonymous.</summary>
    public string? CallerRoot => Caller?.Root;

    public string Bucket => Target.Bucket!;
    public string Key => Target.Key!;
    public HttpRequest Request => Http.Request;
    public IQueryCollection Query => Http.Request.Query;
    public IHeaderDictionary Headers => Http.Request.Headers;
    public HttpResponse Response => Http.Response;
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The body length: decoded length for aws-chunked, else Content-Length; MissingContentLength when neither.</summary>
    public long RequireContentLength() =>
        Auth.ContentLength ?? Request.ContentLength ?? throw new Errors.S3Exception("MissingContentLength");

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    public string? HeaderValue(string name) => Headers.TryGetValue(name, out var value) && value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value.ToString() : null;
}
