using System.Data.Common;
using System.Text.Json;
using Dapper;
using Transporter.Core.Reports;
using Transporter.Core.Security;
using Transporter.Core.Webhooks;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The webhook outbox's writes (docs/migration-controls.md, "Webhooks"): a run's events are queued in the transaction
/// that makes them happen (a lister's first claim, the run's end), one row per webhook of the migration, so an event is
/// announced exactly once whatever crashes. Bodies are encrypted (a report.ready body holds a download link).
/// </summary>
internal static class WebhookOutboxSql
{
    /// <summary>How payloads are written to and read from the outbox.</summary>
    public static readonly JsonSerializerOptions PayloadJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Queues <paramref name="event"/> of the run (with <paramref name="report"/> for report.ready) for each webhook
    /// of its migration; nothing when it has none.</summary>
    public static async Task EnqueueRunEventAsync(DbConnection connection, DbTransaction tx, SecretProtector secrets, Guid runId, string @event,
        long now, CancellationToken ct, WebhookReport? report = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<RunEventRow>(new CommandDefinition("""
            SELECT m.id AS MigrationId, m.root AS Root, m.kind AS Kind, m.webhook_count AS WebhookCount, r.number AS Number, r.state AS State,
                   r.files_found AS FilesFound, r.files_completed AS FilesCompleted, r.files_failed AS FilesFailed,
                   r.bytes_transmitted AS BytesTransmitted, r.files_deleted AS FilesDeleted
            FROM migration_runs r JOIN migrations m ON m.id = r.migration_id WHERE r.id = @id
            """, new { id = Id(runId) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is not { WebhookCount: > 0 }) return;
        var state = (MigrationState)row.State;
        await EnqueueAsync(connection, tx, secrets, Guid.Parse(row.MigrationId), (int)row.WebhookCount, @event, now, id => new WebhookPayload
        {
            Id = id,
            Event = @event,
            OccurredAt = UtcTimestamp.ToMillisecondText(FromMs(now)),
            Migration = new WebhookMigration(Guid.Parse(row.MigrationId), row.Root, row.Kind),
            Run = new WebhookRun
            {
                Id = runId,
                Number = (int)row.Number,
                State = (int)state,
                StateDescription = state.Description(),
                FilesFound = row.FilesFound,
                FilesCompleted = row.FilesCompleted,
                FilesFailed = row.FilesFailed,
                BytesTransmitted = row.BytesTransmitted,
                FilesDeleted = row.FilesDeleted,
            },
            Report = report,
        }, ct).ConfigureAwait(false);
    }

    private static async Task EnqueueAsync(DbConnection connection, DbTransaction tx, SecretProtector secrets, Guid migrationId, int webhooks, string @event, long now,
        Func<string, WebhookPayload> payload, CancellationToken ct)
    {
        for (var i = 0; i < webhooks; i++)
        {
            var id = Guid.NewGuid().ToString("D");
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO webhook_deliveries (id, migration_id, webhook, event, body, status, attempts, next_attempt_at, last_error, created_at)
                VALUES (@id, @migrationId, @webhook, @event, @body, 'pending', 0, @now, '', @now)
                """, new { id, migrationId = Id(migrationId), webhook = i, @event, body = secrets.Protect(JsonSerializer.Serialize(payload(id), PayloadJson)), now },
                tx, cancellationToken: ct)).ConfigureAwait(false);
        }
    }
}
