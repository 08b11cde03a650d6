using Microsoft.AspNetCore.Http;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Handlers;

namespace Transporter.Store.Protocol.Cors;

/// <summary>
/// Browsers' side of a bucket's CORS configuration: answers preflight OPTIONS requests (unsigned, before any
/// authentication) and adds the Access-Control-* headers of the first matching rule to actual requests that carry an
/// Origin, errors included.
/// </summary>
internal sealed class CorsResponder(StorageEngine engine)
{
    /// <summary>OPTIONS /bucket[/key]: 200 with the rule's headers, 403 AccessForbidden when no rule allows it.</summary>
    public void AnswerPreflight(HttpContext context, string? bucket)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (bucket is null) throw new S3Exception("MethodNotAllowed");
        if (origin.Length == 0) throw new S3Exception("BadRequest", "Insufficient information. Origin request header needed.");
        if (method.Length == 0) throw new S3Exception("BadRequest", "Invalid Access-Control-Request-Method: null");
        engine.FindBucket(bucket);
        var stored = engine.BucketSetting(bucket, BucketSettingNames.Cors)
            ?? throw new S3Exception("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.");
        var headers = RequestedHeaders(request);
        var rule = CorsConfiguration.FromStored(stored).Match(origin, method, headers)
            ?? throw new S3Exception("AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.");
        var response = context.Response;
        WriteAllowed(response, rule, origin);
        response.Headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (headers.Count > 0) response.Headers.AccessControlAllowHeaders = string.Join(", ", headers);
        if (rule.MaxAgeSeconds is { } age) response.Headers.AccessControlMaxAge = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
        response.StatusCode = 200;
        response.ContentLength = 0;
    }

    /// <summary>For an actual request with an Origin: the matching rule's headers, added when the answer starts (so an
    /// error answer, which clears headers, carries them too).</summary>
    public void AddActualRequestHeaders(HttpContext context, string? bucket)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || bucket is null) return;
        if (engine.BucketSetting(bucket, BucketSettingNames.Cors) is not { } stored) return;
        var rule = CorsConfiguration.FromStored(stored).Match(origin, context.Request.Method, []);
        if (rule is null) return;
        context.Response.OnStarting(() =>
        {
            WriteAllowed(context.Response, rule, origin);
            context.Response.Headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
            return Task.CompletedTask;
        });
    }

    private static void WriteAllowed(HttpResponse response, CorsRule rule, string origin)
    {
        var any = rule.AllowedOrigins.Contains("*");
        response.Headers.AccessControlAllowOrigin = any ? "*" : origin;
        if (!any) response.Headers.AccessControlAllowCredentials = "true";
        if (rule.ExposeHeaders.Count > 0) response.Headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
    }

    private static List<string> RequestedHeaders(HttpRequest request) =>
        request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant()).ToList();
}
