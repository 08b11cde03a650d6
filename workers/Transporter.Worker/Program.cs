using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Persistence;
using Transporter.Worker.Hosting;

namespace Transporter.Worker;

/// <summary>
/// The worker executable of the distributed mode: listers and copy consumers only, against the shared database
/// (TRANSPORTER_DATABASE_URL), broker (TRANSPORTER_BROKER_URL) and master key (TRANSPORTER_MASTER_KEY), with GET /health
/// on TRANSPORTER_WORKER_HEALTH_URL when set. Run as many as needed; the embedded platform hosts the same services
/// inside the API process instead.
/// </summary>
public static class WorkerProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddTransporterEnvironment();
        var section = builder.Configuration.GetSection(TransporterOptions.Section);
        var options = section.Get<TransporterOptions>() ?? new TransporterOptions();
        options.Roles = "worker";
        builder.Services.Configure<TransporterOptions>(section);
        builder.Services.AddPlatformStorage(options);
        builder.Services.AddMigrationEngine(builder.Configuration, options);

        var healthUrl = section["WorkerHealthUrl"];
        if (!string.IsNullOrWhiteSpace(healthUrl))
        {
            if (!Uri.TryCreate(healthUrl, UriKind.Absolute, out var url) || url.Scheme != "http")
                throw new OptionsValidationException(TransporterOptions.Section, typeof(TransporterOptions),
                    [$"TRANSPORTER_WORKER_HEALTH_URL must be an http URL such as http://0.0.0.0:8081, got '{healthUrl}'"]);
            builder.Services.AddHostedService(sp => new WorkerHealthEndpoint(url, sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<ILogger<WorkerHealthEndpoint>>()));
        }
        await builder.Build().RunAsync();
    }
}
