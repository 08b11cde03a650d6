namespace Transporter.Core.Migrations.Persistence;

/// <summary>What a run event's payload says of the run and its migration, as <see cref="WebhookOutboxSql"/> reads it (Dapper).</summary>
internal sealed class RunEventRow
{
    public string MigrationId { get; set; } = "";
    public string Root { get; set; } = "";
    public string Kind { get; set; } = "";
    public long WebhookCount { get; set; }
    public long Number { get; set; }
    public long State { get; set; }
    public long FilesFound { get; set; }
    public long FilesCompleted { get; set; }
    public long FilesFailed { get; set; }
    public long BytesTransmitted { get; set; }
    public long FilesDeleted { get; set; }
}
