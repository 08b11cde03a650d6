using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Connectors.Azure;
using Transporter.Connectors.Gcs;
using Transporter.Connectors.S3;
using Transporter.Core.Configuration;
using Transporter.Core.Storage;

namespace Transporter.Connectors;

/// <summary>Registers every provider and the <see cref="ObjectStoreFactory"/> that picks one by endpoint type.</summary>
public static class ObjectStoreServices
{
    public static IServiceCollection AddObjectStores(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ObjectStoreFactory))) return services;
        services.AddSingleton<IObjectStoreProvider>(sp => new S3StoreProvider(sp.GetRequiredService<ILoggerFactory>(), new S3ProviderOptions
        {
            LeanDataPath = sp.GetService<IOptions<TransporterOptions>>()?.Value.S3LeanDataPath ?? true,
        }));
        services.AddSingleton<IObjectStoreProvider>(sp => new AzureStoreProvider(sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IObjectStoreProvider>(sp => new GcsStoreProvider(sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<ObjectStoreFactory>();
        return services;
    }
}
