using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Core.Bandwidth;
using Transporter.Core.Configuration;

namespace Transporter.Worker.Bandwidth;

/// <summary>Chooses how migrations' bandwidth limits are held: in this process alone on the embedded SQLite database
/// (<see cref="BandwidthLimiterRegistry"/>), or across every process of a shared PostgreSQL database
/// (<see cref="SharedBandwidthLimiterRegistry"/>), where several workers may copy one migration.</summary>
public static class BandwidthServices
{
    public static IServiceCollection AddBandwidthLimits(this IServiceCollection services, TransporterOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            services.TryAddSingleton<IBandwidthLimiterRegistry, BandwidthLimiterRegistry>();
            return services;
        }
        services.TryAddSingleton<BandwidthBudgetStore>();
        services.TryAddSingleton<IBandwidthLimiterRegistry, SharedBandwidthLimiterRegistry>();
        return services;
    }
}
