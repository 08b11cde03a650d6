using Transporter.Api.Scheduling.Contracts;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Core.Scheduling;

namespace Transporter.Api.Scheduling;

/// <summary>A migration's schedule and the next time its triggers fire, as the migration views show them.</summary>
public sealed record ScheduleSnapshot(MigrationSchedule Schedule, DateTimeOffset? NextFireTime)
{
    /// <summary>The state the migration shows: Waiting (4) between runs of an active schedule (and before its first),
    /// else the latest run's own state (<paramref name="runState"/>).</summary>
    public MigrationState StateOf(MigrationRun? latest, MigrationState runState) =>
        Schedule.IsActive && (latest is null || latest.State.IsFinished()) ? MigrationState.Waiting : runState;

    public ScheduleView ToView() => new()
    {
        Spec = Schedule.Spec,
        MaxRuns = Schedule.MaxRuns,
        Runs = Schedule.Runs,
        Enabled = Schedule.Enabled,
        SkippedRuns = Schedule.SkippedRuns,
        LastSkippedAt = Schedule.LastSkippedAt is { } skipped ? UtcTimestamp.ToText(skipped) : null,
        LastSkipReason = Schedule.LastSkipReason,
        NextFireTime = Schedule.IsActive && NextFireTime is { } next ? UtcTimestamp.ToText(next) : null,
        Description = CronSpec.TryParse(Schedule.Spec, out var spec, out _) ? spec.Describe() + " (UTC)" : Schedule.Spec,
    };

    /// <summary>The migration's crontab as posted ({spec, maxRuns}) with the schedule's current values.</summary>
    public CrontabConfig ToCrontab() => new() { Spec = Schedule.Spec, MaxRuns = Schedule.MaxRuns };
}
