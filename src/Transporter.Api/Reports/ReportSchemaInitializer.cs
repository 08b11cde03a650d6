using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>Creates or upgrades the report tables at start-up, so a broken database stops the process at once.</summary>
public sealed class ReportSchemaInitializer(ReportPreparationRepository repository) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => repository.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
