using Quartz;

namespace Transporter.Api.Scheduling;

/// <summary>
/// The Quartz job of a scheduled migration (its key names the migration): it hands the firing to
/// <see cref="ScheduleFiring"/>, which starts a run through RunLauncher, and returns. A migration's triggers never run
/// it twice at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledRunJob(ScheduleFiring firing) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var migrationId = ScheduleTriggers.MigrationIdOf(context.JobDetail.Key);
        await firing.FireAsync(migrationId, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, ct).ConfigureAwait(false);
    }
}
