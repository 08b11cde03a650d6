using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transporter.Store.Engine;

namespace Transporter.Store.Admin;

/// <summary>
/// The store part of the admin API, under /admin/v1 with the identity part's bearer token: for now a bucket's
/// request-rate limit (<see cref="StorageEngine.SetRequestRateLimitAsync"/>). A thin layer over the engine setting, so a
/// fuller bucket admin API (Garage's) can take it over.
/// </summary>
public static class BucketAdminEndpoints
{
    public static RouteGroupBuilder MapBucketAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(IdentityAdminEndpoints.Prefix).AddEndpointFilter<AdminBearerTokenFilter>().WithTags("Admin: buckets");
        admin.MapGet("/buckets/{bucket}/request-rate-limit", (string bucket, StorageEngine engine) =>
            engine.FindBucketOrNull(bucket) is null ? NoSuchBucket(bucket) : Results.Ok(new RequestRateLimitBody(engine.GetRequestRateLimit(bucket))));
        admin.MapPut("/buckets/{bucket}/request-rate-limit", SetRequestRateLimitAsync);
        return admin;
    }

    private static async Task<IResult> SetRequestRateLimitAsync(string bucket, HttpRequest request, StorageEngine engine)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync<RequestRateLimitBody>(request);
        if (error is not null) return error;
        if (body!.RequestsPerSecond is < 0)
            return AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", "requestsPerSecond must be 0 (no limit) or more.");
        if (engine.FindBucketOrNull(bucket) is null) return NoSuchBucket(bucket);
        await engine.SetRequestRateLimitAsync(bucket, body.RequestsPerSecond, request.HttpContext.RequestAborted);
        return Results.Ok(new RequestRateLimitBody(engine.GetRequestRateLimit(bucket)));
    }

    private static IResult NoSuchBucket(string bucket) =>
        AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchBucket", $"The bucket '{bucket}' does not exist.");
}
