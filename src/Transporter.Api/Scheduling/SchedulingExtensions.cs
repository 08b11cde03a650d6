using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Quartz;
using Transporter.Api.Http;
using Transporter.Api.Scheduling.Endpoints;
using Transporter.Api.Scheduling.Persistence;
using Transporter.Core.Configuration;
using Transporter.Core.Persistence;

namespace Transporter.Api.Scheduling;

/// <summary>
/// Migration schedules in processes with the api role: Quartz owns cron, with its ADO job store on the platform
/// database (the SQLite file embedded; PostgreSQL distributed, clustered so each firing runs on one API replica
/// only). Its tables are created at start-up. A Quartz job only starts a run; workers do the rest.
/// </summary>
public static class SchedulingExtensions
{
    public static WebApplicationBuilder AddMigrationScheduling(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api")) return builder;
        // Quartz narrates its start-up at Information; its warnings and errors still show.
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Services.AddMigrationScheduling(options);
        return builder;
    }

    /// <summary>The schedule services and Quartz with its job store on the platform database (needs the migration
    /// engine registered).</summary>
    public static IServiceCollection AddMigrationScheduling(this IServiceCollection services, TransporterOptions options)
    {
        services.TryAddSingleton<ScheduleRepository>();
        services.TryAddSingleton<ScheduleTriggers>();
        services.TryAddSingleton<ScheduleFiring>();
        services.TryAddSingleton<MigrationSchedules>();
        services.AddHostedService<ScheduleReconciler>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s => s.InstanceName = "transporter");
            quartz.UsePersistentStore(store =>
            {
                if (string.IsNullOrWhiteSpace(options.DatabaseUrl))
                    store.UseSqlite(SqliteFactory.Instance, new SqliteConnectionStringBuilder
                    {
                        DataSource = PlatformStorageServices.SqliteFile(options),
                        Mode = SqliteOpenMode.ReadWriteCreate,
                        DefaultTimeout = 30,
                    }.ToString());
                else
                {
                    store.UsePostgres(NpgsqlFactory.Instance, options.DatabaseUrl!);
                    store.UseClustering(_ => { });
                }
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }

    public static WebApplication MapMigrationScheduling(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        app.MapGroup("").AddEndpointFilter<TransporterAuthFilter>().WithTags("Schedules").MapRecurringEndpoints();
        return app;
    }
}
