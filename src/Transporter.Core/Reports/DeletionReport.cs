namespace Transporter.Core.Reports;

/// <summary>One row of a mirror sync's deleted-at-destination.csv: an object the destination had and the source no
/// longer has, and what became of it (<see cref="Migrations.DeletionStatus"/>).</summary>
public sealed record DeletionReport
{
    public required string ObjectKey { get; init; }
    public long Size { get; init; }
    public string ETag { get; init; } = "";
    public DateTimeOffset LastModified { get; init; }
    public required string Status { get; init; }

    /// <summary>When it was deleted (or the delete failed); null when nothing was tried.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    public string Error { get; init; } = "";
}
