using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Transporter.Core.Diagnostics;

public static class TransporterMetricsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="TransporterMetrics"/> over the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.</summary>
    public static IServiceCollection AddTransporterMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<TransporterMetrics>();
        return services;
    }
}
