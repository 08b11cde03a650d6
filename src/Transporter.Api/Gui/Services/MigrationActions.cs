using Transporter.Api.Gui.Auth;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Store.Identity;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// The migrations a signed-in user may see and what they may do to them: the rules of the API's control endpoints
/// (a root user sees the whole root, another user only their own; anything else does not exist) over the same
/// repository and <see cref="RunCommands"/>.
/// </summary>
public sealed class MigrationActions(MigrationRepository repository, RunCommands commands, MigrationSchedules schedules)
{
    public Task<IReadOnlyList<MigrationWithRun>> ListAsync(Caller caller, CancellationToken ct) =>
        repository.ListOwnedAsync(caller.ToOwner(), ct);

    public Task<MigrationWithRun?> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        repository.GetOwnedAsync(id, caller.ToOwner(), ct);

    /// <summary>The schedules of those of <paramref name="migrationIds"/> that have one.</summary>
    public Task<IReadOnlyDictionary<Guid, ScheduleSnapshot>> GetSchedulesAsync(IReadOnlyCollection<Guid> migrationIds, CancellationToken ct) =>
        schedules.GetAsync(migrationIds, ct);

    /// <summary>The run's recorded errors (preflight, listing and object errors; at most 100).</summary>
    public Task<IReadOnlyList<string>> GetRunErrorsAsync(MigrationRun run, CancellationToken ct) => repository.GetErrorsAsync(run.Id, ct);

    /// <summary>
    /// The run's speed over its lifetime in about <paramref name="points"/> slices (at least a second each): bytes of
    /// the objects finished in each slice, per second; slices where nothing finished count as 0.
    /// </summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, double BytesPerSecond)>> GetSpeedHistoryAsync(MigrationRun run, DateTimeOffset now, int points,
        CancellationToken ct)
    {
        var start = run.StartedAt ?? run.CreatedAt;
        var end = run.FinishedAt ?? now;
        if (end <= start) return [];
        var slice = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((end - start).TotalSeconds / points)));
        var bytes = (await repository.GetThroughputAsync(run.Id, start, slice, ct)).ToDictionary(s => s.SliceStart, s => s.Bytes);
        var history = new List<(DateTimeOffset, double)>();
        for (var at = start; at <= end; at += slice)
            history.Add((at, bytes.GetValueOrDefault(at) / slice.TotalSeconds));
        return history;
    }

    /// <summary>The migration's latest webhook deliveries, newest first.</summary>
    public Task<IReadOnlyList<Core.Webhooks.WebhookDeliveryView>> GetWebhookDeliveriesAsync(Migration migration, CancellationToken ct) =>
        repository.GetWebhookDeliveriesAsync(migration, 20, ct);

    public async Task<ActionOutcome> PauseAsync(Caller caller, Guid id, bool paused, CancellationToken ct)
    {
        if (await GetAsync(caller, id, ct) is null) return NotFound();
        await commands.PauseAsync(id, paused, ct);
        return ActionOutcome.Done(paused ? "Paused." : "Resumed.");
    }

    public async Task<ActionOutcome> AbortAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await GetAsync(caller, id, ct) is not { } found) return NotFound();
        if (found.LatestRun is { } run && run.State.IsFinished()) return ActionOutcome.Refused($"Nothing to abort: the migration is {run.State.Description()}.");
        await commands.AbortAsync(id, found.LatestRun, ct);
        return ActionOutcome.Done("Aborted.");
    }

    public async Task<ActionOutcome> RetryAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await GetAsync(caller, id, ct) is not { } found) return NotFound();
        if (found.LatestRun is not { } run || !run.State.IsFinished() || !await commands.RetryAsync(id, run, ct))
            return ActionOutcome.Refused(
                $"Only a finished migration can be retried (this one is {found.LatestRun?.State.Description() ?? "not started"}).");
        return ActionOutcome.Done("Retrying the failed objects.");
    }

    /// <param name="bytesPerSecond">0 for no limit, else at least <see cref="BandwidthLimit.Minimum"/>.</param>
    public async Task<ActionOutcome> SetBandwidthAsync(Caller caller, Guid id, long bytesPerSecond, CancellationToken ct)
    {
        if (!BandwidthLimit.IsValid(bytesPerSecond))
            return ActionOutcome.Refused($"The limit must be 0 (no limit) or at least {ByteUnits.FormatRate(BandwidthLimit.Minimum)}.");
        if (await GetAsync(caller, id, ct) is null) return NotFound();
        await commands.SetBandwidthAsync([(id, bytesPerSecond)], ct);
        return ActionOutcome.Done(bytesPerSecond == 0 ? "No bandwidth limit." : $"Limited to {ByteUnits.FormatRate(bytesPerSecond)}.");
    }

    private static ActionOutcome NotFound() => ActionOutcome.Refused("This migration does not exist (or is not yours).");
}
