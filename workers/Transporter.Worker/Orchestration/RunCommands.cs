using Microsoft.Extensions.Logging;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Pause, resume, abort, retry and bandwidth changes (docs/migration-engine.md, "Control"). Each writes the database in
/// one transaction; workers and listers in every process notice within a second through MigrationControl. Callers
/// check ownership first.
/// </summary>
public sealed class RunCommands(
    MigrationRepository migrations, RunRepository runs, ObjectReportRepository reports, BatchPublisher publisher, RunFinisher finisher,
    ILogger<RunCommands> logger)
{
    /// <summary>Pauses or resumes the migration's latest run. A resumed run is claimed afresh by a lister, which
    /// publishes its pending batches again and continues its listing from the checkpoint.</summary>
    public async Task PauseAsync(Guid migrationId, bool paused, CancellationToken ct)
    {
        var run = await migrations.SetPausedAsync(migrationId, paused, ct).ConfigureAwait(false);
        if (run is null) return;
        logger.LogInformation("Run {RunId} of migration {MigrationId} {Action}", run.Id, migrationId, paused ? "paused" : "resumed");
        if (!paused) await publisher.StartRunAsync(migrationId, run.Id, ct).ConfigureAwait(false);
    }

    /// <summary>Terminates the latest run if it is active or paused; copies in flight are cancelled by their workers.
    /// Nothing happens to a finished run.</summary>
    public async Task AbortAsync(Guid migrationId, MigrationRun? latest, CancellationToken ct)
    {
        if (latest is null || !await runs.AbortAsync(latest.Id, ct).ConfigureAwait(false)) return;
        await finisher.FinishedAsync(migrationId, latest.Id, MigrationState.Terminated, ct).ConfigureAwait(false);
    }

    /// <summary>Copies the failed objects of the finished latest run again (and finishes its listing when it had not
    /// ended). False when the run is not finished.</summary>
    public async Task<bool> RetryAsync(Guid migrationId, MigrationRun latest, CancellationToken ct)
    {
        var batches = await reports.RetryAsync(latest.Id, ct).ConfigureAwait(false);
        if (batches is null) return false;
        logger.LogInformation("Retrying run {RunId} of migration {MigrationId}: {Count} batches of failed objects", latest.Id, migrationId, batches.Count);
        // Best effort: the lister that claims the run publishes every outstanding batch again.
        await publisher.BatchesReadyAsync(migrationId, latest.Id, batches, ct).ConfigureAwait(false);
        await publisher.StartRunAsync(migrationId, latest.Id, ct).ConfigureAwait(false);
        if (batches.Count == 0) await finisher.TryCompleteAsync(migrationId, latest.Id, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stores new limits for several migrations at once; running transfers follow within a second.</summary>
    public Task SetBandwidthAsync(IReadOnlyList<(Guid MigrationId, long BytesPerSecond)> limits, CancellationToken ct) =>
        migrations.SetBandwidthAsync(limits, ct);
}
