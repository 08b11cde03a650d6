using Transporter.Api.Scheduling.Persistence;
using Transporter.Core.Migrations;
using Transporter.Worker.Orchestration;

namespace Transporter.Api.Scheduling;

/// <summary>
/// Schedules as the API sees them: creating a migration with its crontab, setting and removing a migration's schedule
/// (POST and DELETE /recurring/migration/:id), and reading schedules for the migration views. The schedule table is
/// written first and Quartz's triggers follow; <see cref="ScheduleReconciler"/> repairs Quartz's side at start-up if a
/// process died in between.
/// </summary>
public sealed class MigrationSchedules(ScheduleRepository schedules, ScheduleTriggers triggers, RunLauncher launcher)
{
    /// <summary>Stores the migration; without a crontab its first run starts at once, with one its schedule starts its
    /// runs. The schedule row goes first so no stored migration is left without its schedule (a row left without its
    /// migration is removed at its first firing).</summary>
    public async Task CreateMigrationAsync(Migration migration, EndpointPair endpoints, CancellationToken ct)
    {
        if (migration.Crontab is not { Spec: { } spec } crontab)
        {
            await launcher.CreateAsync(migration, endpoints, ct).ConfigureAwait(false);
            return;
        }
        var schedule = await schedules.SetAsync(migration.Id, spec, crontab.MaxRuns, runs: 0, enabled: true, ct).ConfigureAwait(false);
        await launcher.CreateAsync(migration, endpoints, ct).ConfigureAwait(false);
        await triggers.ApplyAsync(schedule, ct).ConfigureAwait(false);
    }

    /// <summary>Creates or changes the migration's schedule (a validated spec) and its triggers.</summary>
    public async Task<ScheduleSnapshot> SetAsync(Guid migrationId, string spec, int maxRuns, int? runs, bool enabled, CancellationToken ct)
    {
        var schedule = await schedules.SetAsync(migrationId, spec, maxRuns, runs, enabled, ct).ConfigureAwait(false);
        await triggers.ApplyAsync(schedule, ct).ConfigureAwait(false);
        return (await GetAsync([migrationId], ct).ConfigureAwait(false))[migrationId];
    }

    /// <summary>Removes the migration's schedule and triggers; false when it had none.</summary>
    public async Task<bool> DeleteAsync(Guid migrationId, CancellationToken ct)
    {
        var deleted = await schedules.DeleteAsync(migrationId, ct).ConfigureAwait(false);
        await triggers.RemoveAsync(migrationId, ct).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>The schedules of the given migrations with their next fire times (migrations without one are absent).</summary>
    public async Task<IReadOnlyDictionary<Guid, ScheduleSnapshot>> GetAsync(IReadOnlyCollection<Guid> migrationIds, CancellationToken ct)
    {
        var found = await schedules.GetManyAsync(migrationIds, ct).ConfigureAwait(false);
        var next = await triggers.NextFireTimesAsync(found.Keys.ToList(), ct).ConfigureAwait(false);
        return found.ToDictionary(e => e.Key, e => new ScheduleSnapshot(e.Value, next.TryGetValue(e.Key, out var at) ? at : null));
    }
}
