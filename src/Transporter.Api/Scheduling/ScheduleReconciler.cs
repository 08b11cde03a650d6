using Transporter.Api.Scheduling.Persistence;

namespace Transporter.Api.Scheduling;

/// <summary>
/// At start-up, brings Quartz's store in step with the schedule table: triggers for every active schedule that lacks
/// them (its creator died between writing the schedule and its triggers), none for schedules disabled, exhausted or
/// deleted. Triggers already right are left alone, so a firing missed while the platform was down still fires once.
/// </summary>
public sealed class ScheduleReconciler(ScheduleRepository schedules, ScheduleTriggers triggers, ILogger<ScheduleReconciler> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reconciling schedules with Quartz failed; trying again");
            }
            await Task.Delay(RetryInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    public async Task ReconcileAsync(CancellationToken ct)
    {
        var all = await schedules.ListAsync(ct).ConfigureAwait(false);
        foreach (var schedule in all) await triggers.ApplyAsync(schedule, ct).ConfigureAwait(false);
        var known = all.Select(s => s.MigrationId).ToHashSet();
        foreach (var orphan in (await triggers.ScheduledMigrationsAsync(ct).ConfigureAwait(false)).Where(id => !known.Contains(id)))
            await triggers.RemoveAsync(orphan, ct).ConfigureAwait(false);
        logger.LogInformation("Schedules reconciled: {Active} active of {Count}", all.Count(s => s.IsActive), all.Count);
    }
}
