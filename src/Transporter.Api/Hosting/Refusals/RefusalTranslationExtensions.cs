using Microsoft.AspNetCore.Server.Kestrel.Core;
using Transporter.Core.Hosting;

namespace Transporter.Api.Hosting.Refusals;

/// <summary>Installs the connection layer that gives the web server's own refusals a body in each listener's protocol.
/// Kestrel keeps one endpoint-defaults action, so this is its only caller; listeners contribute an
/// <see cref="IRefusalRenderer"/> to the container instead.</summary>
public static class RefusalTranslationExtensions
{
    public static IServiceCollection AddRefusalTranslation(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IEnumerable<IRefusalRenderer>>((kestrel, renderers) =>
        {
            var byPort = renderers.ToList();
            if (byPort.Count == 0) return;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => RefusalTranslation.Wrap(next, byPort)));
        });
        return services;
    }

    /// <summary>First in the pipeline: marks the connection's request as the application's until its response
    /// completes, so bytes written at any other time are known to be the server's own refusal.</summary>
    public static IApplicationBuilder UseRefusalTracking(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        ConnectionRequestState.EnterApplication(context);
        return next(context);
    });
}
