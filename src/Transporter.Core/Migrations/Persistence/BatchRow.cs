using Transporter.Core.Storage;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>A copy_batches row as a claim returns it (Dapper), and the <see cref="CopyBatch"/> it holds.</summary>
internal sealed class BatchRow
{
    public string Id { get; set; } = "";
    public string RunId { get; set; } = "";
    public long Seq { get; set; }
    public string Items { get; set; } = "[]";

    public CopyBatch ToBatch() => new(Id, Guid.Parse(RunId), Seq, MigrationJson.Read<List<ObjectSummary>>(Items));
}
