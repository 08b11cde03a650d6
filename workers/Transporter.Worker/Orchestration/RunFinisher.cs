using Microsoft.Extensions.Logging;
using Transporter.Core.Messaging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Orchestration;

/// <summary>Ends runs: the completion check after each batch and at the end of listing, failures, and what follows a
/// run's end (<see cref="MigrationRunFinished"/> is published once, by whoever ended it).</summary>
public sealed class RunFinisher(RunRepository runs, BatchPublisher publisher, ILogger<RunFinisher> logger)
{
    /// <summary>Completes the run when its listing ended and no batch is outstanding; true when this call did it.</summary>
    public async Task<bool> TryCompleteAsync(Guid migrationId, Guid runId, CancellationToken ct)
    {
        var state = await runs.TryCompleteAsync(runId, ct).ConfigureAwait(false);
        if (state is null) return false;
        await FinishedAsync(migrationId, runId, state.Value, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Fails the run with <paramref name="error"/> (preflight, listing, or a copy that no other object can
    /// escape): its workers cancel their copies and give the rest back, and it becomes Failed once none is copying (at
    /// once when none is), so a Failed run's counters are final. False when it was no longer active.</summary>
    public async Task<bool> FailAsync(Guid migrationId, Guid runId, string error, CancellationToken ct)
    {
        if (!await runs.BeginFailingAsync(runId, error, ct).ConfigureAwait(false)) return false;
        await TryFailAsync(migrationId, runId, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves a failing run to Failed once none of its batches is being copied; true when this call did it.
    /// Called after each batch commit and by the run's supervisor.</summary>
    public async Task<bool> TryFailAsync(Guid migrationId, Guid runId, CancellationToken ct)
    {
        if (!await runs.TryFailAsync(runId, ct).ConfigureAwait(false)) return false;
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
