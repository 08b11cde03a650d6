namespace Transporter.Core.Migrations;

/// <summary>One source version written (or not) to the destination by an allVersions run: a row of the report's
/// versions.csv. <see cref="Seq"/> orders a key's versions as they were written, oldest first.</summary>
public sealed record VersionCopy
{
    public required string ObjectKey { get; init; }
    public required int Seq { get; init; }
    public required string SourceVersionId { get; init; }

    /// <summary>The version it became at the destination (null when the destination keeps no versions, or on failure).</summary>
    public string? DestinationVersionId { get; init; }

    public bool DeleteMarker { get; init; }
    public long Size { get; init; }
    public string SourceETag { get; init; } = "";
    public string DestinationETag { get; init; } = "";
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Why it failed; empty when it did not (later versions of the key are then not written).</summary>
    public string Error { get; init; } = "";
}
