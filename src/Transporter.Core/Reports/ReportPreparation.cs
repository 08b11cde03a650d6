namespace Transporter.Core.Reports;

/// <summary>
/// A migration's report preparation: the one in progress (while <see cref="State"/> is preparing and
/// <see cref="LeaseUntil"/> is in the future) and the latest bundle, which stays downloadable while a new one is
/// prepared.
/// </summary>
public sealed record ReportPreparation
{
    public required Guid MigrationId { get; init; }

    /// <summary>The run the latest preparation reports on.</summary>
    public required Guid RunId { get; init; }

    /// <summary><see cref="ReportPreparationState"/>.</summary>
    public required string State { get; init; }

    /// <summary>The process preparing; null once it ended.</summary>
    public string? Owner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the last preparation failed.</summary>
    public string? Error { get; init; }

    /// <summary>File name of the latest bundle (under the migration's report directory); null when there is none.</summary>
    public string? Bundle { get; init; }

    /// <summary>SHA-256 (hex) of the bundle's download token; the token itself is never stored.</summary>
    public string? TokenHash { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A preparation is under way: the state says so and its lease has not expired (a process that died
    /// mid-preparation stops counting once its lease runs out).</summary>
    public bool IsPreparingAt(DateTimeOffset now) => State == ReportPreparationState.Preparing && LeaseUntil > now;
}
