using Microsoft.Extensions.Logging;
using Transporter.Core.Messaging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Orchestration;

/// <summary>Ends runs: the completion check after each batch and at the end of listing, failures, and what follows a
/// run's end (<see cref="MigrationRunFinished"/> is published once, by whoever ended it).</summary>
public sealed class RunFinisher(MigrationRepository repository, BatchPublisher publisher, ILogger<RunFinisher> logger)
{
    /// <summary>Completes the run when its listing ended and no batch is outstanding; true when this call did it.</summary>
    public async Task<bool> TryCompleteAsync(Guid migrationId, Guid runId, CancellationToken ct)
    {
        var state = await repository.TryCompleteAsync(runId, ct).ConfigureAwait(false);
        if (state is null) return false;
        await FinishedAsync(migrationId, runId, state.Value, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Fails the run with <paramref name="error"/> (preflight or listing); false when it was no longer active.</summary>
    public async Task<bool> FailAsync(Guid migrationId, Guid runId, string error, CancellationToken ct)
    {
        await repository.AddErrorAsync(runId, error, ct).ConfigureAwait(false);
        if (!await repository.TryMoveAsync(runId, MigrationState.Failed, ct).ConfigureAwait(false)) return false;
        await FinishedAsync(migrationId, runId, MigrationState.Failed, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>What follows any run's end, called by whoever ended it.</summary>
    public async Task FinishedAsync(Guid migrationId, Guid runId, MigrationState state, CancellationToken ct)
    {
        logger.LogInformation("Run {RunId} of migration {MigrationId} finished: {State}", runId, migrationId, state.Description());
        await publisher.RunFinishedAsync(migrationId, runId, state, ct).ConfigureAwait(false);
    }
}
