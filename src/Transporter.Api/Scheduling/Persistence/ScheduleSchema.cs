using Transporter.Core.Persistence;

namespace Transporter.Api.Scheduling.Persistence;

/// <summary>
/// The schedule table (component "schedules"): one row per scheduled migration, the truth about its schedule; Quartz's
/// own tables (QRTZ_*, created by Quartz) hold the triggers made from it. <c>last_fire_at</c> is the scheduled time of
/// the last firing handled, so a firing seen twice (two triggers at one instant) counts once. No foreign key: a
/// schedule row is written before its migration (see <see cref="MigrationSchedules"/>).
/// </summary>
internal static class ScheduleSchema
{
    public const string Component = "schedules";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS migration_schedules (
                migration_id TEXT PRIMARY KEY,
                spec TEXT NOT NULL,
                max_runs INTEGER NOT NULL,
                runs INTEGER NOT NULL,
                enabled BOOLEAN NOT NULL,
                skipped_runs INTEGER NOT NULL,
                last_fire_at BIGINT NULL,
                last_skipped_at BIGINT NULL,
                last_skip_reason TEXT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            """),
    ];
}
