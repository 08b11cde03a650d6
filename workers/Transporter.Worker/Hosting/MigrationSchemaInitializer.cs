using Microsoft.Extensions.Hosting;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Hosting;

/// <summary>Creates or upgrades the migration tables at start-up, so a broken database stops the process at once.</summary>
public sealed class MigrationSchemaInitializer(MigrationRepository repository) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => repository.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
