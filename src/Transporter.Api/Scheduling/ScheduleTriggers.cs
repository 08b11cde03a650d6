using Quartz;
using Transporter.Core.Scheduling;

namespace Transporter.Api.Scheduling;

/// <summary>
/// The Quartz side of schedules: one durable job per scheduled migration (<see cref="ScheduledRunJob"/>) with the cron
/// triggers of its spec (<see cref="CronSpec.ToQuartzExpressions"/>: one, or two when both day fields are
/// restricted), in UTC, and a missed firing fired once when the scheduler comes back ("fire and proceed").
/// The schedule table is the truth; this keeps Quartz's store in step with it.
/// </summary>
public sealed class ScheduleTriggers(ISchedulerFactory schedulers, TimeProvider clock)
{
    public const string Group = "migration-schedules";

    public static JobKey JobKeyOf(Guid migrationId) => new(migrationId.ToString("D"), Group);

    public static Guid MigrationIdOf(JobKey key) => Guid.Parse(key.Name);

    private static TriggerKey TriggerKeyOf(Guid migrationId, int index) => new($"{migrationId:D}/{index}", Group);

    /// <summary>
    /// Gives the migration the triggers of <paramref name="schedule"/> when it is active, and none otherwise. Triggers
    /// already matching the spec are left alone, so their place in time (and a pending misfire) survives a restart.
    /// </summary>
    public async Task ApplyAsync(MigrationSchedule schedule, CancellationToken ct)
    {
        if (!schedule.IsActive)
        {
            await RemoveAsync(schedule.MigrationId, ct).ConfigureAwait(false);
            return;
        }
        var expressions = CronSpec.Parse(schedule.Spec).ToQuartzExpressions();
        var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
        var existing = await CurrentExpressionsAsync(scheduler, schedule.MigrationId, ct).ConfigureAwait(false);
        if (existing.SequenceEqual(expressions)) return;

        var job = JobBuilder.Create<ScheduledRunJob>().WithIdentity(JobKeyOf(schedule.MigrationId)).StoreDurably().Build();
        var triggers = expressions.Select((expression, i) => TriggerBuilder.Create(clock)
            .WithIdentity(TriggerKeyOf(schedule.MigrationId, i))
            .ForJob(job)
            .WithSchedule(CronScheduleBuilder.Create(expression)
                .InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build()).ToList();
        // Deleting the job drops every trigger it had (a new spec may need fewer).
        await scheduler.DeleteJob(job.Key, ct).ConfigureAwait(false);
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, ct).ConfigureAwait(false);
    }

    /// <summary>Drops the migration's job and triggers (no-op when it has none).</summary>
    public async Task RemoveAsync(Guid migrationId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
        await scheduler.DeleteJob(JobKeyOf(migrationId), ct).ConfigureAwait(false);
    }

    /// <summary>The next time each migration's triggers fire (absent when it has none).</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> NextFireTimesAsync(IReadOnlyCollection<Guid> migrationIds, CancellationToken ct)
    {
        if (migrationIds.Count == 0) return new Dictionary<Guid, DateTimeOffset>();
        var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
        var keys = migrationIds.SelectMany(id => new[] { TriggerKeyOf(id, 0), TriggerKeyOf(id, 1) }).ToList();
        var triggers = await scheduler.GetTriggers(keys, ct).ConfigureAwait(false);
        return triggers
            .Where(t => t.NextFireTimeUtc is not null)
            .GroupBy(t => MigrationIdOf(t.JobKey))
            .ToDictionary(g => g.Key, g => g.Min(t => t.NextFireTimeUtc!.Value));
    }

    /// <summary>The migrations that have a job in Quartz's store.</summary>
    public async Task<IReadOnlyList<Guid>> ScheduledMigrationsAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(Group), Take = PagedQuery.All }, ct)
            .ConfigureAwait(false);
        return jobs.Items.Select(j => Guid.TryParse(j.Key.Name, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
    }

    private static async Task<IReadOnlyList<string>> CurrentExpressionsAsync(IScheduler scheduler, Guid migrationId, CancellationToken ct)
    {
        var triggers = await scheduler.GetTriggers([TriggerKeyOf(migrationId, 0), TriggerKeyOf(migrationId, 1)], ct).ConfigureAwait(false);
        return triggers.OrderBy(t => t.Key.Name, StringComparer.Ordinal).Select(t => (t as ICronTrigger)?.CronExpressionString ?? "").ToList();
    }
}
