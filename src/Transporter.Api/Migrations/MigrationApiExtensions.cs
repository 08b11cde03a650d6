using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Metrics;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Endpoints;
using Transporter.Api.SavedBuckets;
using Transporter.Core.Configuration;
using Transporter.Worker.Hosting;

namespace Transporter.Api.Migrations;

/// <summary>The migration engine and its REST API (the spec's "Transporter" section), with its OpenAPI document at
/// /openapi/v1.json and Swagger UI at /swagger.</summary>
public static class MigrationApiExtensions
{
    /// <summary>Registers the engine in processes with the api or worker role (workers and listers only with worker),
    /// and the API's OpenAPI document with the api role.</summary>
    public static WebApplicationBuilder AddMigrationApi(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api") && !options.HasRole("worker")) return builder;
        builder.Services.AddMigrationEngine(builder.Configuration, options);
        if (!options.HasRole("api")) return builder;
        // Creation needs the schedules, which only processes with the api role have.
        // One service per command family; the REST endpoints and the GUI both call them.
        builder.Services.AddSingleton<MigrationCreator>();
        builder.Services.AddSingleton<MigrationPauser>();
        builder.Services.AddSingleton<MigrationAborter>();
        builder.Services.AddSingleton<MigrationRetrier>();
        builder.Services.AddSingleton<MigrationBandwidth>();
        builder.Services.AddSingleton<StorageChecks>();
        builder.Services.AddSingleton<TransporterAuthorizer>();
        // Migrations by state and the copy queue on /metrics.
        builder.Services.AddSingleton<MigrationCensusReader>();
        builder.Services.AddSingleton<MigrationMetrics>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Transporter API";
                document.Info.Description =
                    "Cloud-to-cloud migrations. Every endpoint needs a request signed with AWS Signature Version 4 for the service " +
                    "\"transporter\" (region us-east-1) or Version 2, with an access key of the platform; errors are {\"error\",\"details\"}.";
                return Task.CompletedTask;
            }));
        return builder;
    }

    public static WebApplication MapMigrationApi(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        // Creating the gauges puts them on /metrics.
        _ = app.Services.GetRequiredService<MigrationMetrics>();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "Transporter API v1");
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "Transporter API";
        });
        var api = app.MapGroup("").AddEndpointFilter<TransporterAuthFilter>().WithTags("Transporter");
        api.MapMigrationEndpoints();
        api.MapSyncEndpoints();
        api.MapVerifyEndpoints();
        api.MapStateEndpoints();
        api.MapControlEndpoints();
        api.MapStorageEndpoints();
        api.MapBandwidthEndpoints();
        api.MapSavedBucketEndpoints();
        return app;
    }
}
