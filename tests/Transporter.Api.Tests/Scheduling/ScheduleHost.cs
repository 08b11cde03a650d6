using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Api.Scheduling;
using Transporter.Api.Scheduling.Persistence;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Worker.Hosting;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>
/// The scheduling side of an API process: the migration engine with the api role only (runs are created and published,
/// no worker takes them, so a run stays Queued for as long as a test needs) and Quartz with its job store on the
/// platform database (a SQLite file in the data dir, or PostgreSQL, clustered). Two hosts over one database behave like
/// two API replicas, or like a process and its restart.
/// </summary>
public sealed class ScheduleHost : IAsyncDisposable
{
    /// <summary>One master key for every host of a test, as every process of a deployment shares one.</summary>
    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly IHost _host;

    private ScheduleHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public MigrationRepository Migrations => Services.GetRequiredService<MigrationRepository>();
    public RunRepository Runs => Services.GetRequiredService<RunRepository>();
    public ScheduleRepository Schedules => Services.GetRequiredService<ScheduleRepository>();
    public MigrationSchedules MigrationSchedules => Services.GetRequiredService<MigrationSchedules>();
    public ScheduleTriggers Triggers => Services.GetRequiredService<ScheduleTriggers>();
    public ScheduleFiring Firing => Services.GetRequiredService<ScheduleFiring>();
    public RunLauncher Launcher => Services.GetRequiredService<RunLauncher>();

    public static async Task<ScheduleHost> StartAsync(string dataDir, string? databaseUrl = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transporter:DataDir"] = dataDir,
            ["Transporter:Roles"] = "api",
            ["Transporter:DatabaseUrl"] = databaseUrl,
            ["Transporter:MasterKey"] = MasterKey,
        });
        var options = builder.Services.AddTransporterOptions(builder.Configuration);
        builder.Services.AddPlatformStorage(options);
        builder.Services.AddMigrationEngine(builder.Configuration, options);
        builder.Services.AddMigrationScheduling(options);
        var host = builder.Build();
        await host.StartAsync();
        return new ScheduleHost(host);
    }

    /// <summary>A migration between two (unreachable) buckets, stored through <see cref="MigrationSchedules"/> as the
    /// API stores it: started at once without a crontab, by its schedule with one.</summary>
    public async Task<Migration> CreateMigrationAsync(CrontabConfig? crontab = null)
    {
        var endpoint = new Core.Endpoints.EndpointConfig
        {
            Type = "s3v4", AccessKey = "AKIDEXAMPLE", SecretKey = "secret", Bucket = "src", Endpoint = "http://127.0.0.1:9", Region = "us-east-1",
        };
        var migration = new Migration
        {
            Id = Guid.NewGuid(),
            Root = "acme",
            UserName = "root",
            Kind = MigrationKind.Sync,
            SyncMode = SyncMode.Simple,
            Source = endpoint.WithoutSecrets(),
            Destination = (endpoint with { Bucket = "dst" }).WithoutSecrets(),
            Crontab = crontab,
        };
        await MigrationSchedules.CreateMigrationAsync(migration, new EndpointPair(endpoint, endpoint with { Bucket = "dst" }), CancellationToken.None);
        return migration;
    }

    /// <summary>Every run of the migration, oldest first.</summary>
    public async Task<IReadOnlyList<MigrationRun>> RunsAsync(Guid migrationId)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        var ids = await connection.QueryAsync<string>(
            "SELECT id FROM migration_runs WHERE migration_id = @id ORDER BY number", new { id = migrationId.ToString("D") });
        var runs = new List<MigrationRun>();
        foreach (var id in ids) runs.Add((await Runs.GetRunAsync(Guid.Parse(id)))!);
        return runs;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
