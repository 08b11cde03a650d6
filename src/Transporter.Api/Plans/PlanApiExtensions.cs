using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Api.Http;
using Transporter.Api.Plans.Endpoints;
using Transporter.Core.Configuration;
using Transporter.Core.Plans.Estimates;
using Transporter.Core.Plans.Persistence;

namespace Transporter.Api.Plans;

/// <summary>The migration plan API (processes with the api role); plans are scanned by processes with the worker role
/// (workers/Transporter.Worker/Plans).</summary>
public static class PlanApiExtensions
{
    public static WebApplicationBuilder AddPlanApi(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api")) return builder;
        builder.Services.AddPlanRepositories();
        // Read at start-up: a price table that cannot be read stops the process with the reason.
        builder.Services.TryAddSingleton(PriceTableFile.Load(options.PriceTable));
        builder.Services.TryAddSingleton<PlanEstimates>();
        return builder;
    }

    public static WebApplication MapPlanApi(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        var api = app.MapGroup("").AddEndpointFilter<TransporterAuthFilter>().WithTags("Plans");
        api.MapPlanEndpoints();
        api.MapMigrationFromPlanEndpoints();
        return app;
    }
}
