using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity.Accounts;
using Transporter.Store.Engine;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// The Garage-style admin API (spec/garage-admin-api.txt) on its own listener, TRANSPORTER_ADMIN_URL: GET /health
/// (open), GET /metrics (TRANSPORTER_METRICS_TOKEN when set), and the /v0 endpoints behind TRANSPORTER_ADMIN_TOKEN
/// (404 AdminApiDisabled without it). Garage picks an operation by method, path and query parameters (GET /v0/key is
/// ListKeys without ?id/?search, GetKeyInfo with one), so requests are dispatched here rather than by route templates.
/// </summary>
public static class GarageAdminApi
{
    /// <summary>Registers the services the admin listener and the ostor services need (the store's engine and the identity store come from
    /// AddS3Store and AddIdentityStores).</summary>
    public static IServiceCollection AddGarageAdminApi(this IServiceCollection services)
    {
        services.AddSingleton<AdminKeyTable>();
        // Local bucket aliases, set here and resolved by the S3 pipeline for the key that signs.
        services.AddSingleton<LocalBucketAliases>();
        // Bucket quotas and website access, for the admin API and the GUI's Buckets page.
        services.AddSingleton<Buckets.BucketAdministration>();
        services.AddSingleton<BucketCreationGate>();
        services.AddSingleton<BucketUsageMetrics>();
        // ostor-users / ostor-buckets on the S3 endpoint, and disabled users' keys refused by every signature check.
        services.AddSingleton<Ostor.DisabledRoots>();
        services.AddSingleton<Ostor.OstorAdmin>();
        services.AddSingleton<IAccessKeyLookup>(sp => new Ostor.DisabledRootsKeyLookup(sp.GetRequiredService<AccessKeyCache>(), sp.GetRequiredService<Ostor.DisabledRoots>()));
        services.AddSingleton<GarageCluster>();
        services.AddSingleton<GarageKeys>();
        services.AddSingleton<GarageBuckets>();
        return services;
    }

    /// <summary>Answers every request arriving on <paramref name="port"/> as the admin API; <paramref name="metrics"/>
    /// writes the Prometheus text (the API project owns the registry).</summary>
    public static WebApplication UseGarageAdminApi(this WebApplication app, int port, RequestDelegate metrics)
    {
        var options = app.Services.GetRequiredService<IOptions<TransporterOptions>>().Value;
        var cluster = app.Services.GetRequiredService<GarageCluster>();
        var keys = app.Services.GetRequiredService<GarageKeys>();
        var buckets = app.Services.GetRequiredService<GarageBuckets>();
        app.MapWhen(ctx => ctx.Connection.LocalPort == port, admin => admin.Run(async http =>
        {
            // The API's routing has already matched this request against the API's endpoints: none of them applies here.
            http.SetEndpoint(null);
            var result = await DispatchAsync(http, options, cluster, keys, buckets, metrics).ConfigureAwait(false);
            if (result is not null) await result.ExecuteAsync(http).ConfigureAwait(false);
        }));
        return app;
    }

    private static async Task<IResult?> DispatchAsync(
        HttpContext http, TransporterOptions options, GarageCluster cluster, GarageKeys keys, GarageBuckets buckets, RequestDelegate metrics)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        if (path == "/health" && HttpMethods.IsGet(method)) return GarageCluster.HealthText();
        if (path == "/metrics" && HttpMethods.IsGet(method))
        {
            if (!string.IsNullOrEmpty(options.MetricsToken) && AdminTokens.Refusal(http, options.MetricsToken) is { } refused) return refused;
            await metrics(http).ConfigureAwait(false);
            return null;
        }
        if (string.IsNullOrEmpty(options.AdminToken))
            return AdminErrors.Json(StatusCodes.Status404NotFound, "AdminApiDisabled", "The admin API is off; set TRANSPORTER_ADMIN_TOKEN to turn it on.");
        if (AdminTokens.Refusal(http, options.AdminToken) is { } refusal) return refusal;
        try
        {
            return (method, path) switch
            {
                ("GET", "/v0/health") => GarageCluster.Health(),
                ("GET", "/v0/status") => cluster.Status(),
                ("GET", "/v0/layout") => cluster.Layout(),
                ("POST", "/v0/layout" or "/v0/layout/apply" or "/v0/layout/revert") => GarageCluster.LayoutIsFixed(),
                ("POST", "/v0/connect") => await GarageCluster.ConnectAsync(http).ConfigureAwait(false),
                ("GET", "/v0/key") => await keys.GetAsync(http).ConfigureAwait(false),
                ("POST", "/v0/key") => await keys.CreateOrUpdateAsync(http).ConfigureAwait(false),
                ("POST", "/v0/key/import") => await keys.ImportAsync(http).ConfigureAwait(false),
                ("DELETE", "/v0/key") => await keys.DeleteAsync(http).ConfigureAwait(false),
                ("GET", "/v0/bucket") => await buckets.GetAsync(http).ConfigureAwait(false),
                ("POST", "/v0/bucket") => await buckets.CreateAsync(http).ConfigureAwait(false),
                ("PUT", "/v0/bucket") => await buckets.UpdateAsync(http).ConfigureAwait(false),
                ("DELETE", "/v0/bucket") => await buckets.DeleteAsync(http).ConfigureAwait(false),
                ("POST", "/v0/bucket/allow") => await buckets.PermissionsAsync(http, allow: true).ConfigureAwait(false),
                ("POST", "/v0/bucket/deny") => await buckets.PermissionsAsync(http, allow: false).ConfigureAwait(false),
                ("PUT" or "DELETE", "/v0/bucket/alias/global") => await buckets.GlobalAliasAsync(http, add: HttpMethods.IsPut(method)).ConfigureAwait(false),
                ("PUT" or "DELETE", "/v0/bucket/alias/local") => await buckets.LocalAliasAsync(http, add: HttpMethods.IsPut(method)).ConfigureAwait(false),
                _ => AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchEndpoint", $"No admin endpoint {method} {path}."),
            };
        }
        catch (IdentityException e)
        {
            return e.Kind switch
            {
                IdentityErrorKind.NotFound => AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", e.Message),
                IdentityErrorKind.Conflict => AdminErrors.Json(StatusCodes.Status409Conflict, "KeyAlreadyExists", e.Message),
                _ => AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", e.Message),
            };
        }
        catch (StoreException e)
        {
            return e.Code switch
            {
                StoreErrorCode.NoSuchBucket => AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchBucket", "The bucket does not exist."),
                StoreErrorCode.BucketNotEmpty => AdminErrors.Json(StatusCodes.Status409Conflict, "BucketNotEmpty", "The bucket is not empty (objects, versions or uploads in progress)."),
                StoreErrorCode.BucketAlreadyExists or StoreErrorCode.BucketAlreadyOwnedByYou =>
                    AdminErrors.Json(StatusCodes.Status409Conflict, "BucketAlreadyExists", "A bucket of this name already exists."),
                _ => AdminErrors.Json(StatusCodes.Status400BadRequest, e.Code.ToString(), e.Message),
            };
        }
    }
}
