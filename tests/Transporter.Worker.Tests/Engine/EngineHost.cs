using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Worker.Hosting;
using Transporter.Worker.Orchestration;

namespace Transporter.Worker.Tests.Engine;

/// <summary>
/// The migration engine as a worker process hosts it (lister loop, copy consumers on MassTransit's in-memory bus,
/// control poller, the real ObjectCopier), over a SQLite file in <see cref="DataDir"/>. Several hosts over the same data
/// dir behave like a process and its restart. Leases are short so expiry tests run in seconds.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHost(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public IServiceProvider Services => _host.Services;
    public MigrationRepository Migrations => Services.GetRequiredService<MigrationRepository>();
    public RunRepository Runs => Services.GetRequiredService<RunRepository>();
    public ListerLeaseRepository Leases => Services.GetRequiredService<ListerLeaseRepository>();
    public BatchRepository Batches => Services.GetRequiredService<BatchRepository>();
    public ObjectReportRepository Reports => Services.GetRequiredService<ObjectReportRepository>();
    public UploadCheckpointRepository Uploads => Services.GetRequiredService<UploadCheckpointRepository>();
    public RunLauncher Launcher => Services.GetRequiredService<RunLauncher>();
    public RunCommands Commands => Services.GetRequiredService<RunCommands>();
    public BatchPublisher Publisher => Services.GetRequiredService<BatchPublisher>();

    /// <param name="services">Changes to the engine's services after they are registered (test doubles).</param>
    public static async Task<EngineHost> StartAsync(string dataDir, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("TRANSPORTER_TEST_ENGINE_LOG") is { Length: > 0 } log)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(dataDir, "engine.log")));
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddFilter("MassTransit", LogLevel.Information);
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transporter:DataDir"] = dataDir,
            ["Transporter:Roles"] = "worker",
            ["Transporter:ListerLeaseSeconds"] = "3",
            ["Transporter:BatchLeaseSeconds"] = "3",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var options = builder.Services.AddTransporterOptions(builder.Configuration);
        builder.Services.AddPlatformStorage(options);
        builder.Services.AddMigrationEngine(builder.Configuration, options);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host, dataDir);
    }

    /// <summary>Polls the run until <paramref name="done"/> holds.</summary>
    public async Task<MigrationRun> WaitForRunAsync(Guid runId, Func<MigrationRun, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await Runs.GetRunAsync(runId);
            if (run is not null && done(run)) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId}: {run}");
            await Task.Delay(100);
        }
    }

    public Task<MigrationRun> WaitForFinishAsync(Guid runId, int seconds = 60) => WaitForRunAsync(runId, r => r.State.IsFinished(), seconds);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
