using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Endpoints;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /test-storage and POST /list-buckets: real calls to the endpoint through its provider.</summary>
public static class StorageEndpoints
{
    private const string InvalidConfiguration = "invalid configuration for the storage";

    public static RouteGroupBuilder MapStorageEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/test-storage", TestAsync).Requires(TransporterActions.TestStorage, TransporterResources.Storage)
            .WithSummary("Check that an endpoint's credentials can read, write and/or delete")
            .Accepts<TestStorageRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/list-buckets", ListBucketsAsync).Requires(TransporterActions.ListStorageBuckets, TransporterResources.Storage)
            .WithSummary("List the buckets an endpoint's credentials can see")
            .Accepts<EndpointConfig>("application/json")
            .Produces<IReadOnlyList<BucketView>>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> TestAsync(HttpContext http, StorageChecks checks, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<TestStorageRequest>(http.Request, ct);
        if (body is null) return error!;
        if (body.Config is not { } config) return Invalid("config is required");
        var problem = await checks.TestAsync(config, body.Read, body.Write, body.Delete, ct);
        return problem is null ? Results.Ok() : Invalid(problem);
    }

    private static async Task<IResult> ListBucketsAsync(HttpContext http, StorageChecks checks, CancellationToken ct)
    {
        var (config, error) = await JsonBody.ReadAsync<EndpointConfig>(http.Request, ct);
        if (config is null) return error!;
        var (names, problem) = await checks.ListBucketsAsync(config, ct);
        return names is null ? Invalid(problem!) : ApiResults.Json(names.Select(n => new BucketView(n)).ToList());
    }

    private static IResult Invalid(string details) => ApiResults.Error(StatusCodes.Status400BadRequest, InvalidConfiguration, details);
}
