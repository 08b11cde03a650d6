using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>Registers <see cref="MigrationDatabase"/> and every migration repository as singletons. Needs the platform
/// storage (Database, SecretProtector, TimeProvider; <c>AddPlatformStorage</c>) registered.</summary>
public static class MigrationPersistenceServices
{
    public static IServiceCollection AddMigrationRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton<MigrationDatabase>();
        services.TryAddSingleton<MigrationRepository>();
        services.TryAddSingleton<RunRepository>();
        services.TryAddSingleton<ListerLeaseRepository>();
        services.TryAddSingleton<BatchRepository>();
        services.TryAddSingleton<ObjectReportRepository>();
        services.TryAddSingleton<DeletionRepository>();
        services.TryAddSingleton<VersionCopyRepository>();
        services.TryAddSingleton<WebhookDeliveryRepository>();
        services.TryAddSingleton<UploadCheckpointRepository>();
        return services;
    }
}
