using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Transporter.Core.Diagnostics;
using Transporter.Identity.Customers;
using Transporter.Identity.Signatures;
using Transporter.Store.Iam;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Cors;
using Transporter.Store.Protocol.Logging;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Metering;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol;

/// <summary>
/// Every request on the S3 port: IAM and STS requests go to their endpoint; S3 ones get request ids, the bucket's
/// request-rate limit, authentication, then addressing, routing and the handler; any failure becomes S3 error XML.
/// </summary>
internal sealed class S3RequestPipeline(
    IRequestAuthenticator authenticator, RequestTargetParser targets, S3Handler handler, CorsResponder cors, RequestAuthorizer authorizer,
    AccessLogDelivery accessLogs, IamEndpoint identityEndpoint, TransporterMetrics metrics, StorageEngine engine, RootAccessGate gate, ILogger logger)
{
    private readonly S3ErrorResponder _errors = new(logger);

    /// <summary>The ostor-users / ostor-buckets services (service-level requests); none: those are ListBuckets.</summary>
    public Admin.Ostor.OstorAdmin? Ostor { get; init; }

    /// <summary>Bucket names local to the signing key (Garage's local aliases); none: every name is global.</summary>
    public Admin.Garage.LocalBucketAliases? LocalAliases { get; init; }

    /// <summary>The per-root usage counters of RSListBillingData and RSLiveBilling; none: nothing is counted.</summary>
    public Billing.BillingMeter? Billing { get; init; }

    /// <summary>S3's limit on one request header (its total for a PUT is 8 KB too; Kestrel refuses far larger sections).</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (IamEndpoint.ServiceOf(context.Request) is { } identityService)
        {
            await identityEndpoint.HandleAsync(context, identityService).ConfigureAwait(false);
            return;
        }
        var requestId = RequestIds.Next();
        var headers = context.Response.Headers;
        headers["x-amz-request-id"] = requestId;
        headers["x-amz-id-2"] = RequestIds.HostId;
        string? resource = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        S3Target? target = null;
        AuthResult? auth = null;
        var operation = S3Operation.NotImplemented;
        string? errorCode = null;
        string? billedRoot = null;
        Engine.Model.BucketUsage? usageBefore = null;
        // Bytes received and sent per operation, counted as they pass (a body without content is not wrapped).
        var received = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false ? null : new CountingRequestBody(context.Request.Body);
        if (received is not null) context.Request.Body = received;
        var sent = new CountingResponseBody(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        context.Features.Set<IHttpResponseBodyFeature>(sent);
        try
        {
            if (IsHealthCheck(context.Request))
            {
                await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
                return;
            }
            CheckHeaderSizes(context.Request.Headers);
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
            resource = context.Request.Path.Value;
            target = targets.Parse(context.Request.Headers.Host, rawTarget);
            resource = target.Path;
            // Browsers send preflights unsigned; the bucket's CORS configuration alone answers them.
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                cors.AnswerPreflight(context, target.Bucket);
                return;
            }
            cors.AddActualRequestHeaders(context, target.Bucket);
            // A bucket's request-rate limit refuses before any work (authentication included), as S3 does past a prefix's rate.
            if (target.Bucket is { Length: > 0 } bucket && !engine.TryAdmitRequest(bucket))
            {
                await DrainSmallBodyAsync(context).ConfigureAwait(false);
                throw new S3Exception("SlowDown");
            }
            auth = await authenticator.AuthenticateAsync(HttpSignedRequest.From(context.Request), "s3", context.RequestAborted).ConfigureAwait(false);
            if (auth.Caller is { } signed
                && await gate.RefusalAsync(signed, "s3", context.Connection.RemoteIpAddress, context.RequestAborted).ConfigureAwait(false) is { } refusal)
                throw new S3Exception("AccessDenied", refusal);
            // After the signature (which covers the name the client sent): the key's local alias names another bucket.
            if (LocalAliases is not null && auth.Caller is { } signer && target.Bucket is { } named
                && await LocalAliases.ResolveAsync(signer.AccessKey, named, context.RequestAborted).ConfigureAwait(false) is { } aliased)
                target = target with { Bucket = aliased };
            if (Ostor is not null && target.Bucket is null && Admin.Ostor.OstorAdmin.Handles(context.Request))
            {
                await Ostor.HandleAsync(context, auth.Caller).ConfigureAwait(false);
            }
            else
            {
                operation = OperationRouter.Route(context.Request, target);
                await authorizer.PrepareAsync(auth.Caller, context.RequestAborted).ConfigureAwait(false);
                // Every request, anonymous ones included, is decided by the bucket's policy and ACLs.
                var owner = authorizer.Authorize(context, auth.Caller, target, operation);
                billedRoot = owner;
                if (Billing is not null && global::Transporter.Store.Billing.BillingMeter.MeasuresDeletes(operation) && target.Bucket is { } deletedFrom)
                    usageBefore = Billing.UsageOf(owner, deletedFrom);
                await handler.HandleAsync(new S3Request(context, auth.Caller, auth, target, operation, owner)).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            errorCode = await _errors.RespondAsync(context, e, resource, requestId).ConfigureAwait(false);
        }
        if (billedRoot is not null)
            Billing?.Record(billedRoot, target?.Bucket, operation, context.Response.StatusCode, PayloadBytes(context, received), sent.Count, usageBefore);
        if (target is not null) accessLogs.Record(context, target, operation, auth, requestId, errorCode, started);
        metrics.RecordS3Request(operation.ToString(), context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started),
            received?.Count ?? 0, sent.Count);
    }

    /// <summary>Reads and drops a refused request's body when it is small, so the client reads the SlowDown answer on a
    /// connection that stays open (a client still sending when the connection closes sees a broken pipe instead of the
    /// answer, and cannot tell it was throttled). Larger bodies are not read; their connection is closed.</summary>
    private static async Task DrainSmallBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is not (> 0 and <= MaxDrainedBody)) return;
        var buffer = new byte[16 * 1024];
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false) > 0)
        {
        }
        context.Items[S3ErrorResponder.BodyReadItem] = true;
    }

    /// <summary>The object bytes a request carried: aws-chunked bodies name them in x-amz-decoded-content-length (the
    /// bytes on the wire include the chunk framing and signatures).</summary>
    private static long PayloadBytes(HttpContext context, CountingRequestBody? received) =>
        long.TryParse(context.Request.Headers["x-amz-decoded-content-length"].ToString(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var decoded) ? decoded : received?.Count ?? 0;

    /// <summary>Bodies of refused requests up to this size are read (and dropped) before the answer.</summary>
    private const long MaxDrainedBody = 1024 * 1024;

    private static void CheckHeaderSizes(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            long length = 0;
            foreach (var value in values) length += value?.Length ?? 0;
            if (length + name.Length <= MaxHeaderBytes) continue;
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)) throw new S3Exception("MetadataTooLarge");
            throw new S3Exception("RequestHeaderSectionTooLarge", $"The {name} header exceeds the maximum allowed size of {MaxHeaderBytes} bytes.");
        }
    }

    /// <summary>The platform's readiness probe: an unsigned GET /health (a signed one is bucket "health").</summary>
    private static bool IsHealthCheck(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path == "/health"
        && !request.Headers.ContainsKey("Authorization") && !request.Query.ContainsKey("X-Amz-Signature")
        && !request.Query.ContainsKey("Signature");
}
