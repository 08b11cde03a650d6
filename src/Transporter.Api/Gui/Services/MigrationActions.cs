using Transporter.Api.Access;
using Transporter.Api.Gui.Auth;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Identity;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// The migrations a signed-in user may see (a root user the whole root, another user only their own; anything else
/// does not exist) and what they may do to them: the same command services as the API's control endpoints, with the
/// GUI's confirmations. Each action needs its transporter:* action allowed by the caller's policies, as on the API; a
/// refusal is the outcome the page shows next to the control.
/// </summary>
public sealed class MigrationActions(MigrationRepository migrations, RunRepository runs, ObjectReportRepository reports, WebhookDeliveryRepository webhooks,
    MigrationSchedules schedules, MigrationPauser pauser, MigrationAborter aborter, MigrationRetrier retrier, MigrationBandwidth bandwidth,
    TransporterAuthorizer authorizer)
{
    /// <exception cref="ReadRefusedException">transporter:ListMigrations is not allowed.</exception>
    public async Task<IReadOnlyList<MigrationWithRun>> ListAsync(Caller caller, CancellationToken ct)
    {
        await authorizer.RefuseReadAsync(caller, TransporterActions.ListMigrations, TransporterResources.AllOf(TransporterResources.Migration), ct);
        return await migrations.ListOwnedAsync(caller.ToOwner(), ct);
    }

    /// <exception cref="ReadRefusedException">transporter:GetMigration is not allowed on it.</exception>
    public async Task<MigrationWithRun?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await authorizer.RefuseReadAsync(caller, TransporterActions.GetMigration, TransporterResources.OfMigration(id), ct);
        return await migrations.GetOwnedAsync(id, caller.ToOwner(), ct);
    }

    /// <summary>The schedules of those of <paramref name="migrationIds"/> that have one.</summary>
    public Task<IReadOnlyDictionary<Guid, ScheduleSnapshot>> GetSchedulesAsync(IReadOnlyCollection<Guid> migrationIds, CancellationToken ct) =>
        schedules.GetAsync(migrationIds, ct);

    /// <summary>The run's recorded errors (preflight, listing and object errors; at most 100).</summary>
    public Task<IReadOnlyList<string>> GetRunErrorsAsync(MigrationRun run, CancellationToken ct) => runs.GetErrorsAsync(run.Id, ct);

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
        var bytes = (await reports.GetThroughputAsync(run.Id, start, slice, ct)).ToDictionary(s => s.SliceStart, s => s.Bytes);
        var history = new List<(DateTimeOffset, double)>();
        for (var at = start; at <= end; at += slice)
            history.Add((at, bytes.GetValueOrDefault(at) / slice.TotalSeconds));
        return history;
    }

    /// <summary>The migration's latest webhook deliveries, newest first.</summary>
    public Task<IReadOnlyList<Core.Webhooks.WebhookDeliveryView>> GetWebhookDeliveriesAsync(Migration migration, CancellationToken ct) =>
        webhooks.GetWebhookDeliveriesAsync(migration, 20, ct);

    public async Task<ActionOutcome> PauseAsync(Caller caller, Guid id, bool paused, CancellationToken ct) =>
        await RefusalAsync(caller, paused ? TransporterActions.PauseMigration : TransporterActions.ResumeMigration, id, ct)
        ?? ActionOutcome.From(await pauser.PauseAsync(caller.ToOwner(), id, paused, ct), paused ? "Paused." : "Resumed.");

    public async Task<ActionOutcome> AbortAsync(Caller caller, Guid id, CancellationToken ct) =>
        await RefusalAsync(caller, TransporterActions.AbortMigration, id, ct)
        ?? ActionOutcome.From(await aborter.AbortAsync(caller.ToOwner(), id, ct), "Aborted.");

    public async Task<ActionOutcome> RetryAsync(Caller caller, Guid id, CancellationToken ct) =>
        await RefusalAsync(caller, TransporterActions.RetryMigration, id, ct)
        ?? ActionOutcome.From(await retrier.RetryAsync(caller.ToOwner(), id, ct), "Retrying the failed objects.");

    /// <param name="bytesPerSecond">0 for no limit, else at least <see cref="BandwidthLimit.Minimum"/>.</param>
    public async Task<ActionOutcome> SetBandwidthAsync(Caller caller, Guid id, long bytesPerSecond, CancellationToken ct) =>
        await RefusalAsync(caller, TransporterActions.SetBandwidth, id, ct)
        ?? ActionOutcome.From(await bandwidth.SetAsync(caller.ToOwner(), [(id, bytesPerSecond)], ct),
            bytesPerSecond == 0 ? "No bandwidth limit." : $"Limited to {ByteUnits.FormatRate(bytesPerSecond)}.");

    private async Task<ActionOutcome?> RefusalAsync(Caller caller, string action, Guid id, CancellationToken ct) =>
        await authorizer.RefusalAsync(caller, action, TransporterResources.OfMigration(id), null, ct) is { } refusal ? ActionOutcome.Refused(refusal) : null;
}
