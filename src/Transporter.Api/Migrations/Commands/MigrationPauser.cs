using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Commands;

/// <summary>Pause and resume (POST /pause/:id and the GUI's buttons): the owner's migrations only.</summary>
public sealed class MigrationPauser(MigrationRepository repository, RunCommands commands)
{
    public async Task<CommandOutcome> PauseAsync(MigrationOwner owner, Guid migrationId, bool paused, CancellationToken ct)
    {
        if (await repository.GetOwnedAsync(migrationId, owner, ct) is null) return CommandOutcome.NotFound(migrationId);
        await commands.PauseAsync(migrationId, paused, ct);
        return CommandOutcome.Done;
    }
}
