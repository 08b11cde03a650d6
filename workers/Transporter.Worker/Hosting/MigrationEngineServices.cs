using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Connectors;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Bandwidth;
using Transporter.Worker.Batches;
using Transporter.Worker.Control;
using Transporter.Worker.Copying;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Listing;
using Transporter.Worker.Messaging;
using Transporter.Worker.Orchestration;
using Transporter.Worker.RequestRates;
using Transporter.Worker.Verifying;
using Transporter.Worker.Plans;
using Transporter.Worker.Versions;
using Transporter.Worker.Webhooks;

namespace Transporter.Worker.Hosting;

/// <summary>Registers the migration engine: repositories, object stores, bus, launch and control services, and, with
/// the worker role, the lister loop, the copy consumers, the control poller and the plan scanner. Needs the platform storage
/// (Database, SecretProtector) registered.</summary>
public static class MigrationEngineServices
{
    public static IServiceCollection AddMigrationEngine(this IServiceCollection services, IConfiguration configuration, TransporterOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrationRepositories();
        services.AddHostedService<MigrationSchemaInitializer>();
        services.AddObjectStores();
        services.AddBandwidthLimits(options);
        services.AddRequestRates(options);
        services.TryAddSingleton<WorkerIdentity>();
        services.TryAddSingleton<EndpointOpener>();
        services.TryAddSingleton<BatchPublisher>();
        services.TryAddSingleton<RunFinisher>();
        services.TryAddSingleton<RunLauncher>();
        services.TryAddSingleton<RunCommands>();

        var worker = options.HasRole("worker");
        if (worker)
        {
            services.TryAddSingleton<MigrationControl>();
            services.AddHostedService(sp => sp.GetRequiredService<MigrationControl>());
            services.TryAddSingleton<RunSupervisor>();
            services.TryAddSingleton<MirrorDeleter>();
            services.TryAddSingleton<RunLister>();
            services.TryAddSingleton<RunListingService>();
            services.AddHostedService(sp => sp.GetRequiredService<RunListingService>());
            services.AddHostedService<LeftoverUploadSweeper>();
            services.TryAddSingleton<CopySlots>();
            services.TryAddSingleton<VersionCopier>();
            services.TryAddSingleton<BatchWorker>();
            services.TryAddSingleton<ObjectVerifier>();
            services.AddObjectCopier();
            services.AddPlanScanning();
            services.AddHostedService<WebhookDispatcher>();
        }
        services.AddTransporterBus(options, consumers: worker);
        return services;
    }
}
