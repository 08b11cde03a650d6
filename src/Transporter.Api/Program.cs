using Microsoft.Extensions.Options;
using Transporter.Api.Gui;
using Transporter.Api.Hosting;
using Transporter.Api.Hosting.Refusals;
using Transporter.Api.Metrics;
using Transporter.Api.Migrations;
using Transporter.Api.Plans;
using Transporter.Api.Reports;
using Transporter.Api.Scheduling;
using Transporter.Api.Stats;
using Transporter.Core.Configuration;
using Transporter.Identity;
using Transporter.Store;
using Transporter.Store.Admin;
using Transporter.Store.Admin.Garage;
using Transporter.Store.Website;
using Transporter.Worker.Batches;

namespace Transporter.Api;

public class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await RunAsync(args);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            return InvalidSettings.Report(e, Console.Error);
        }
    }

    private static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Settings are read once at start. Reloading them on change would watch the content root recursively (with
            // the default content root, the directory the command runs in: a data dir below it put every object write
            // through a FileSystemWatcher, and a repository checkout cost thousands of inotify watches and their memory).
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        var options = builder.AddTransporterDefaults();
        builder.AddIdentityStores();
        if (options.HasRole("store")) builder.AddS3Store();
        if (options.HasRole("store")) builder.Services.AddGarageAdminApi();
        builder.AddMigrationApi(options);
        builder.AddReports(options);
        builder.AddStats(options);
        builder.AddMigrationScheduling(options);
        builder.AddPlanApi(options);
        builder.AddTransporterGui(options);

        var app = builder.Build();
        app.UseRefusalTracking();
        if (options.HasRole("store"))
        {
            app.UseS3Store(new Uri(options.S3Url).Port);
            app.MapBucketAdmin();
        }
        // Objects and bytes per bucket on /metrics.
        if (options.HasRole("store")) _ = app.Services.GetRequiredService<BucketUsageMetrics>();
        // The copy slots' gauges (level, copies in flight) from the start, not from the first batch.
        if (options.HasRole("worker")) _ = app.Services.GetRequiredService<CopySlots>();
        PrometheusMetricsCollector? metrics = null;
        if (options.HasRole("store") && !string.IsNullOrWhiteSpace(options.AdminUrl))
            app.UseGarageAdminApi(new Uri(options.AdminUrl).Port, PrometheusEndpoints.WriteText(() => metrics!));
        if (options.HasRole("store") && !string.IsNullOrWhiteSpace(options.WebUrl)) app.UseWebsites(new Uri(options.WebUrl).Port);
        app.MapHealth();
        app.MapIdentityAdmin();
        metrics = app.MapPrometheusMetrics();
        app.MapMigrationApi(options);
        app.MapReports(options);
        app.MapStats(options);
        app.MapMigrationScheduling(options);
        app.MapPlanApi(options);
        app.MapTransporterGui(options);
        await app.RunAsync();
    }
}
