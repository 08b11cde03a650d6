using Transporter.Core.Migrations;

namespace Transporter.Core.Reports;

/// <summary>What a report bundle says about the migration as a whole; object counts and bytes are counted from the
/// rows while the bundle is written.</summary>
public sealed record MigrationReportSummary
{
    public required Guid MigrationId { get; init; }

    /// <summary>The owning root (tenant).</summary>
    public required string Root { get; init; }

    /// <summary>Source endpoint for people: type, endpoint URL, bucket and prefix (never credentials).</summary>
    public required string Source { get; init; }

    /// <summary>Destination endpoint for people (never credentials).</summary>
    public required string Destination { get; init; }

    /// <summary>The destination bucket (the rows of a mirror sync's deletions name it).</summary>
    public string DestinationBucket { get; init; } = "";

    public required MigrationState State { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? FinishTime { get; init; }
}
