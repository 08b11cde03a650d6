using Transporter.Core.Storage;

namespace Transporter.Core.Migrations;

/// <summary>A group of listed objects of one run, copied by one worker (at most <see cref="MaxObjects"/> objects or
/// <see cref="MaxBytes"/> of data; a larger object travels alone).</summary>
public sealed record CopyBatch(string Id, Guid RunId, long Seq, IReadOnlyList<ObjectSummary> Items)
{
    public const int MaxObjects = 100;

    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>The id of batch <paramref name="seq"/> of <paramref name="runId"/>: the same after a re-listing, so a
    /// batch inserted twice is one row.</summary>
    public static string IdFor(Guid runId, long seq) => $"{runId:D}:{seq}";
}
