using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Transporter.Core.Configuration;
using Transporter.Core.Persistence;
using Transporter.Worker.Hosting;

namespace Transporter.Worker;

/// <summary>
/// The worker executable of the distributed mode: listers and copy consumers only, against the shared database
/// (TRANSPORTER_DATABASE_URL), broker (TRANSPORTER_BROKER_URL) and master key (TRANSPORTER_MASTER_KEY). The embedded
/// platform hosts the same services inside the API process instead.
/// </summary>
public static class WorkerProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddTransporterEnvironment();
        var options = builder.Configuration.GetSection(TransporterOptions.Section).Get<TransporterOptions>() ?? new TransporterOptions();
        options.Roles = "worker";
        builder.Services.Configure<TransporterOptions>(builder.Configuration.GetSection(TransporterOptions.Section));
        builder.Services.AddPlatformStorage(options);
        builder.Services.AddMigrationEngine(builder.Configuration, options);
        await builder.Build().RunAsync();
    }
}
