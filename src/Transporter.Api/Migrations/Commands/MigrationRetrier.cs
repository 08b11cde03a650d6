using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Commands;

/// <summary>Retry (POST /retry/:id and the GUI's button): copies the failed objects of the owner's finished migration
/// again; a migration that has not finished is refused (the spec's 400).</summary>
public sealed class MigrationRetrier(MigrationRepository repository, RunCommands commands)
{
    public async Task<CommandOutcome> RetryAsync(MigrationOwner owner, Guid migrationId, CancellationToken ct)
    {
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is not { } found) return CommandOutcome.NotFound(migrationId);
        if (found.LatestRun is not { } run || !run.State.IsFinished() || !await commands.RetryAsync(migrationId, run, ct))
            return CommandOutcome.Refused(
                $"The migration is not finished (state {found.LatestRun?.State.Description() ?? "not started"}); only a finished migration can be retried.");
        return CommandOutcome.Done;
    }
}
