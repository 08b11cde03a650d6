using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Transporter.Core.Plans.Persistence;

/// <summary>Registers <see cref="PlanDatabase"/> and the plan repositories as singletons (the API's plan endpoints and
/// the workers' scanners both call it). Needs the platform storage registered.</summary>
public static class PlanPersistenceServices
{
    public static IServiceCollection AddPlanRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton<PlanDatabase>();
        services.TryAddSingleton<PlanRepository>();
        services.TryAddSingleton<PlanScanRepository>();
        return services;
    }
}
