using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Api.Http;
using Transporter.Api.Stats.Endpoints;
using Transporter.Core.Configuration;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats;

/// <summary>The spec's "Migration Stats": points, dashboard, last speed (signed endpoints) and the three-month
/// retention. API role only; needs the migration engine (AddMigrationApi) registered.</summary>
public static class StatsApiExtensions
{
    public static WebApplicationBuilder AddStats(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api")) return builder;
        builder.Services.TryAddSingleton<StatsRepository>();
        builder.Services.AddHostedService<StatsRetentionService>();
        return builder;
    }

    public static WebApplication MapStats(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        var api = app.MapGroup("").AddEndpointFilter<TransporterAuthFilter>().WithTags("Stats");
        api.MapMigrationStatsEndpoints();
        api.MapDashboardEndpoints();
        api.MapLastSpeedEndpoints();
        return app;
    }
}
