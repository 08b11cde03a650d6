using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>A run_versions row as <see cref="VersionCopyRepository"/> reads it (Dapper), and the <see cref="VersionCopy"/> it holds.</summary>
internal sealed class VersionRow
{
    public string ObjectKey { get; set; } = "";
    public long Seq { get; set; }
    public string SourceVersionId { get; set; } = "";
    public string? DestinationVersionId { get; set; }
    public bool DeleteMarker { get; set; }
    public long Size { get; set; }
    public string SourceETag { get; set; } = "";
    public string DestinationETag { get; set; } = "";
    public long FinishedAt { get; set; }
    public string Error { get; set; } = "";

    public VersionCopy ToCopy() => new()
    {
        ObjectKey = ObjectKey,
        Seq = (int)Seq,
        SourceVersionId = SourceVersionId,
        DestinationVersionId = DestinationVersionId,
        DeleteMarker = DeleteMarker,
        Size = Size,
        SourceETag = SourceETag,
        DestinationETag = DestinationETag,
        FinishedAt = FromMs(FinishedAt),
        Error = Error,
    };
}
