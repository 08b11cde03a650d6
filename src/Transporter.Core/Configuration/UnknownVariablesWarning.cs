using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transporter.Core.Configuration;

/// <summary>Warns at start-up about each TRANSPORTER_* variable that sets no setting, naming the closest known one:
/// a misspelt variable is otherwise silently ignored.</summary>
internal sealed class UnknownVariablesWarning(ILogger<UnknownVariablesWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var variable in TransporterEnvironment.UnknownVariables())
            logger.LogWarning("The environment variable {Variable} is not a Transporter setting and is ignored; did you mean {Closest}? "
                + "(docs/configuration.md lists them all)", variable, TransporterVariables.Closest(variable));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
