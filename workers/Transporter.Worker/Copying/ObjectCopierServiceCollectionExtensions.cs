using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Diagnostics;

namespace Transporter.Worker.Copying;

public static class ObjectCopierServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IObjectCopier"/> (<see cref="ObjectCopier"/>) with <see cref="ObjectCopierOptions"/> from the
    /// "Transporter:Copier" configuration section (when configuration is registered) and <paramref name="configure"/>;
    /// invalid options stop the host at start-up.
    /// </summary>
    public static IServiceCollection AddObjectCopier(this IServiceCollection services, Action<ObjectCopierOptions>? configure = null)
    {
        var options = services.AddOptions<ObjectCopierOptions>();
        options.Configure<IServiceProvider>((o, sp) =>
        {
            if (sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>() is { } configuration)
                Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(ObjectCopierOptions.Section), o);
        });
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ObjectCopierOptions>, ObjectCopierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransporterMetrics();
        services.TryAddSingleton<IObjectCopier>(sp => new ObjectCopier(
            sp.GetRequiredService<IOptions<ObjectCopierOptions>>().Value,
            sp.GetRequiredService<ILogger<ObjectCopier>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TransporterMetrics>()));
        return services;
    }
}
