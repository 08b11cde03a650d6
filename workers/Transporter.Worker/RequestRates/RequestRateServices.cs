using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Core.Configuration;
using Transporter.Core.RequestRates;

namespace Transporter.Worker.RequestRates;

/// <summary>Chooses where endpoints' adaptive request rates are kept: in this process alone on the embedded SQLite
/// database (<see cref="InProcessRequestRateStore"/>), or shared by every process of a PostgreSQL database
/// (<see cref="SharedRequestRateStore"/>), as the bandwidth budget is (BandwidthServices).</summary>
public static class RequestRateServices
{
    public static IServiceCollection AddRequestRates(this IServiceCollection services, TransporterOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabaseUrl)) services.TryAddSingleton<IRequestRateStore, InProcessRequestRateStore>();
        else services.TryAddSingleton<IRequestRateStore, SharedRequestRateStore>();
        services.TryAddSingleton<RequestRateRegistry>();
        return services;
    }
}
