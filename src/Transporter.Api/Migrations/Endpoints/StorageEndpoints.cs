using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Migrations.Http;
using Transporter.Connectors;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;

namespace Transporter.Api.Migrations.Endpoints;

/// <summary>POST /test-storage and POST /list-buckets: real calls to the endpoint through its provider.</summary>
public static class StorageEndpoints
{
    /// <summary>How long a check may take, provider retries included.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(60);

    private const string InvalidConfiguration = "invalid configuration for the storage";

    public static RouteGroupBuilder MapStorageEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/test-storage", TestAsync)
            .WithSummary("Check that an endpoint's credentials can read, write and/or delete")
            .Accepts<TestStorageRequest>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/list-buckets", ListBucketsAsync)
            .WithSummary("List the buckets an endpoint's credentials can see")
            .Accepts<EndpointConfig>("application/json")
            .Produces<IReadOnlyList<BucketView>>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> TestAsync(HttpContext http, ObjectStoreFactory stores, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<TestStorageRequest>(http.Request, ct);
        if (body is null) return error!;
        if (body.Config is not { } config) return Invalid("config is required");
        var problems = config.Validate(body.Write || body.Delete ? EndpointRole.Destination : EndpointRole.Source);
        if (problems.Count > 0) return Invalid(string.Join("; ", problems));
        return await CallAsync(async token =>
        {
            await using var store = stores.Open(config);
            await StorageProbe.CheckAsync(store, config, body.Read, body.Write, body.Delete, token);
            return Results.Ok();
        }, ct);
    }

    private static async Task<IResult> ListBucketsAsync(HttpContext http, ObjectStoreFactory stores, CancellationToken ct)
    {
        var (config, error) = await JsonBody.ReadAsync<EndpointConfig>(http.Request, ct);
        if (config is null) return error!;
        // No bucket is needed to list buckets.
        var problems = (config with { Bucket = "any" }).Validate(EndpointRole.Source);
        if (problems.Count > 0) return Invalid(string.Join("; ", problems));
        return await CallAsync(async token =>
        {
            var names = await stores.ListBucketsAsync(config, token);
            return ApiResults.Json(names.Select(n => new BucketView(n)).ToList());
        }, ct);
    }

    /// <summary>Runs <paramref name="call"/> against the endpoint; the provider's refusal becomes the spec's 400.</summary>
    private static async Task<IResult> CallAsync(Func<CancellationToken, Task<IResult>> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (ObjectStoreException e)
        {
            return Invalid($"{e.ProviderCode}, details: {e.Details}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return Invalid($"Timeout, details: Timeout: the endpoint did not answer within {CheckTimeout.TotalSeconds:0} seconds");
        }
    }

    private static IResult Invalid(string details) => ApiResults.Error(StatusCodes.Status400BadRequest, InvalidConfiguration, details);
}
