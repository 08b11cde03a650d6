using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Commands;

/// <summary>
/// Abort (POST /abort/:id and the GUI's button): terminates the latest run of the owner's migration. The spec answers
/// an abort with 200 and names no refusal, so aborting a migration that has already ended (or never ran) is accepted
/// and changes nothing; the outcome says so for those who show it.
/// </summary>
public sealed class MigrationAborter(MigrationRepository repository, RunCommands commands)
{
    public async Task<CommandOutcome> AbortAsync(MigrationOwner owner, Guid migrationId, CancellationToken ct)
    {
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is not { } found) return CommandOutcome.NotFound(migrationId);
        if (found.LatestRun is not { } run) return CommandOutcome.DoneWithNote("The migration has not started yet; there was nothing to abort.");
        if (run.State.IsFinished())
            return CommandOutcome.DoneWithNote($"The migration had already ended ({run.State.Description()}); there was nothing to abort.");
        await commands.AbortAsync(migrationId, run, ct);
        return CommandOutcome.Done;
    }
}
