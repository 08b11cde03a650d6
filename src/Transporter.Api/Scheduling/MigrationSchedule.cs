namespace Transporter.Api.Scheduling;

/// <summary>
/// A migration's schedule: its cron <see cref="Spec"/>, how many runs it started (<see cref="Runs"/>, which POST
/// /recurring may reset) out of <see cref="MaxRuns"/> (0 = unlimited), and the firings it skipped because the previous
/// run was still going (or the migration was paused).
/// </summary>
public sealed record MigrationSchedule
{
    public required Guid MigrationId { get; init; }
    public required string Spec { get; init; }
    public int MaxRuns { get; init; }
    public int Runs { get; init; }
    public bool Enabled { get; init; } = true;
    public int SkippedRuns { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSkippedAt { get; init; }

    /// <summary>Why the last skipped firing started no run.</summary>
    public string? LastSkipReason { get; init; }

    /// <summary>Runs are still to come: enabled and <see cref="MaxRuns"/> not reached.</summary>
    public bool IsActive => Enabled && (MaxRuns == 0 || Runs < MaxRuns);
}
