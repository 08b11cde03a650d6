using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Core.Plans.Persistence;

namespace Transporter.Worker.Plans;

/// <summary>Registers plan scanning in a process with the worker role (the migration engine registers the rest).</summary>
public static class PlanScanServices
{
    public static IServiceCollection AddPlanScanning(this IServiceCollection services)
    {
        services.AddPlanRepositories();
        services.TryAddSingleton<PlanScanner>();
        services.TryAddSingleton<PlanScanService>();
        services.AddHostedService(sp => sp.GetRequiredService<PlanScanService>());
        return services;
    }
}
