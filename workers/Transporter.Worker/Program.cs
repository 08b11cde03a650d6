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
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await RunAsync(args);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            return InvalidSettings.Report(e, Console.Error);
        }
    }

    private static async Task RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddTransporterEnvironment();
        var options = builder.Services.AddTransporterOptions(builder.Configuration);
        options.Roles = "worker";
        builder.Services.AddPlatformStorage(options);
        builder.Services.AddMigrationEngine(builder.Configuration, options);

        // The validator checked that it is an http URL.
        if (!string.IsNullOrWhiteSpace(options.WorkerHealthUrl))
        {
            var url = new Uri(options.WorkerHealthUrl);
            builder.Services.AddHostedService(sp => new WorkerHealthEndpoint(url, sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<ILogger<WorkerHealthEndpoint>>()));
        }
        await builder.Build().RunAsync();
    }
}
