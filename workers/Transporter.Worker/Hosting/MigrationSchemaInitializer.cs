using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Hosting;

/// <summary>Creates or upgrades the migration tables at start-up. A database that is still starting (a worker started
/// together with PostgreSQL) is waited for a few minutes; a database that stays away, or a broken one, stops the
/// process.</summary>
public sealed class MigrationSchemaInitializer(MigrationDatabase migrationDatabase, ILogger<MigrationSchemaInitializer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        InfrastructureRetry.Database(logger, "Preparing the migration tables", cancellationToken)
            .ExecuteAsync(async ct => await migrationDatabase.InitializeAsync(ct).ConfigureAwait(false), cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
