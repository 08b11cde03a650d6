using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Migrations.Commands;

/// <summary>
/// Bandwidth limits (POST /bandwidth and the GUI's form): 0 or at least <see cref="BandwidthLimit.Minimum"/> bytes per
/// second, for the owner's migrations only; several at once are all changed or none.
/// </summary>
public sealed class MigrationBandwidth(MigrationRepository repository, RunCommands commands)
{
    public async Task<CommandOutcome> SetAsync(MigrationOwner owner, IReadOnlyList<(Guid MigrationId, long BytesPerSecond)> limits, CancellationToken ct)
    {
        if (limits.Count == 0) return CommandOutcome.Refused("Give at least one migration and its limit.");
        // Everything is checked before anything changes.
        foreach (var (migrationId, bytesPerSecond) in limits)
            if (!BandwidthLimit.IsValid(bytesPerSecond))
                return CommandOutcome.Refused(limits.Count == 1 ? Capitalize(BandwidthLimit.Describe(bytesPerSecond))
                    : $"Migration {migrationId}: {BandwidthLimit.Describe(bytesPerSecond)}");
        foreach (var (migrationId, _) in limits)
            if (await repository.GetOwnedAsync(migrationId, owner, ct) is null) return CommandOutcome.NotFound(migrationId);
        await commands.SetBandwidthAsync(limits, ct);
        return CommandOutcome.Done;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
