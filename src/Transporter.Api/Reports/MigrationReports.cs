using Transporter.Api.Migrations.Commands;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// A migration's reports as its owner may use them, for the report endpoints and the GUI alike: the failed objects
/// of the latest run, and preparing the bundle of an ended run (one preparation at a time).
/// </summary>
public sealed class MigrationReports(MigrationRepository repository, ObjectReportReader reader, ReportPreparationService preparation)
{
    /// <summary>A page of the latest run's failed objects in key order (only <paramref name="key"/>'s row when given);
    /// null when the migration does not exist or is not the owner's.</summary>
    public async Task<FailedReportPage?> GetFailedAsync(MigrationOwner owner, Guid migrationId, string? key, long start, int size, CancellationToken ct)
    {
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is not { } found) return null;
        if (found.LatestRun is not { } run) return new FailedReportPage([], End: true);
        return await reader.GetFailedAsync(run.Id, string.IsNullOrEmpty(key) ? null : key, start, size, ct);
    }

    /// <summary>Starts preparing the bundle of the latest run in the background: refused until the run has ended,
    /// a conflict while a preparation is under way.</summary>
    public async Task<CommandOutcome> PrepareAsync(MigrationOwner owner, Guid migrationId, CancellationToken ct)
    {
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is not { } found) return CommandOutcome.NotFound(migrationId);
        if (found.LatestRun is not { } run || !run.State.IsFinished())
            return CommandOutcome.Refused(
                $"The migration has not ended (state {found.LatestRun?.State.Description() ?? "not started"}); reports are prepared for ended migrations.");
        if (!await preparation.TryStartAsync(found.Migration, run, ct))
            return CommandOutcome.Conflict("The reports of this migration are already being prepared.");
        return CommandOutcome.Done;
    }
}
