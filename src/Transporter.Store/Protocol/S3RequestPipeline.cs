using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol;

/// <summary>
/// Every request on the S3 port: request ids, authentication first, then addressing, routing and the handler;
/// any failure becomes S3 error XML.
/// </summary>
internal sealed class S3RequestPipeline(IRequestAuthenticator authenticator, RequestTargetParser targets, S3Handler handler, ILogger logger)
{
    private readonly S3ErrorResponder _errors = new(logger);

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.Next();
        var headers = context.Response.Headers;
        headers["x-amz-request-id"] = requestId;
        headers["x-amz-id-2"] = RequestIds.HostId;
        string? resource = null;
        try
        {
            if (IsHealthCheck(context.Request))
            {
                await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
                return;
            }
            var auth = await authenticator.AuthenticateAsync(HttpSignedRequest.From(context.Request), "s3", context.RequestAborted).ConfigureAwait(false);
            // Anonymous access needs bucket policies, which this store does not have yet.
            if (auth.Caller is null) throw new S3Exception("AccessDenied");
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
            resource = context.Request.Path.Value;
            var target = targets.Parse(context.Request.Headers.Host, rawTarget);
            resource = target.Path;
            var operation = OperationRouter.Route(context.Request, target);
            await handler.HandleAsync(new S3Request(context, auth.Caller, auth, target, operation)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await _errors.RespondAsync(context, e, resource, requestId).ConfigureAwait(false);
        }
    }

    /// <summary>The platform's readiness probe: an unsigned GET /health (a signed one is bucket "health").</summary>
    private static bool IsHealthCheck(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path == "/health"
        && !request.Headers.ContainsKey("Authorization") && !request.Query.ContainsKey("X-Amz-Signature")
        && !request.Query.ContainsKey("Signature");
}
