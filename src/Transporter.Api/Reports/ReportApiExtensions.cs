using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Api.Http;
using Transporter.Api.Notifications;
using Transporter.Api.Reports.Endpoints;
using Transporter.Core.Configuration;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>The spec's "Migration Reports": error pages, background preparation of bundles, public download links and
/// the emails that carry them. API role only; needs the migration engine (AddMigrationApi) registered.</summary>
public static class ReportApiExtensions
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api")) return builder;
        builder.Services.AddEmailNotifications(options);
        builder.Services.TryAddSingleton<ObjectReportReader>();
        builder.Services.TryAddSingleton<ReportPreparationRepository>();
        builder.Services.TryAddSingleton(sp => new ReportBundleWriter(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<ReportBundleBuilder>();
        builder.Services.TryAddSingleton<ReportBundleStore>();
        builder.Services.TryAddSingleton<ReportPreparationService>();
        builder.Services.TryAddSingleton<MigrationReports>();
        builder.Services.AddHostedService<ReportSchemaInitializer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportPreparationService>());
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        app.MapGroup("").AddEndpointFilter<TransporterAuthFilter>().WithTags("Reports").MapReportEndpoints();
        app.MapReportDownload();
        return app;
    }
}
