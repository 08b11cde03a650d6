using System.Text.Json;
using Dapper;
using Transporter.Core.Reports;
using Transporter.Core.Security;
using Transporter.Core.Webhooks;
using static Transporter.Core.Migrations.Persistence.MigrationSql;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Webhook deliveries (docs/migration-controls.md, "Webhooks"): an outbox. A run's events are queued in the transaction
/// that makes them happen (<see cref="WebhookOutboxSql"/>: its first claim, its end; report.ready here), one row per
/// webhook of the migration, so an event is announced exactly once whatever crashes; dispatchers in any process claim
/// due rows with a lease and record each attempt. Bodies are encrypted (a report.ready body holds a download link).
/// </summary>
public sealed class WebhookDeliveryRepository(MigrationDatabase db, SecretProtector secrets)
{
    /// <summary>Queues report.ready of the run, with its download link, for each webhook of its migration.</summary>
    public async Task EnqueueReportReadyAsync(Guid runId, string downloadUrl, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await WebhookOutboxSql.EnqueueRunEventAsync(connection, tx, secrets, runId, WebhookEvents.ReportReady, now, ct,
            new WebhookReport(downloadUrl, UtcTimestamp.ToText(expiresAt))).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> due deliveries for <paramref name="owner"/> until <paramref name="leaseUntil"/>
    /// (pending, next attempt reached, not leased by a live dispatcher), with their bodies decrypted.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var due = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_attempt_at LIMIT @limit
            """, new { now, limit }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var claimed = new List<WebhookDelivery>();
        foreach (var id in due)
        {
            // Conditional, so two dispatchers never send the same attempt.
            var row = await connection.QuerySingleOrDefaultAsync<(string Id, string MigrationId, long Webhook, string Event, string Body, long Attempts)>(
                new CommandDefinition("""
                    UPDATE webhook_deliveries SET lease_owner = @owner, lease_until = @until
                    WHERE id = @id AND status = 'pending' AND (lease_until IS NULL OR lease_until < @now)
                    RETURNING id, migration_id, webhook, event, body, attempts
                    """, new { id, owner, until = leaseUntil.ToUnixTimeMilliseconds(), now }, cancellationToken: ct)).ConfigureAwait(false);
            if (row.Id is null) continue;
            claimed.Add(new WebhookDelivery(row.Id, Guid.Parse(row.MigrationId), (int)row.Webhook, row.Event, secrets.Unprotect(row.Body), (int)row.Attempts));
        }
        return claimed;
    }

    /// <summary>Records an attempt: delivered; or failed, tried again at <paramref name="retryAt"/>, or given up when it is
    /// null (then a line in the run's errors says so).</summary>
    public async Task RecordWebhookAttemptAsync(WebhookDelivery delivery, string? error, DateTimeOffset? retryAt, string url, CancellationToken ct = default)
    {
        var now = db.NowMs();
        var status = error is null ? WebhookDeliveryStatus.Delivered : retryAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @next, last_error = @error,
                delivered_at = @delivered, lease_owner = NULL, lease_until = NULL
            WHERE id = @id
            """, new
        {
            id = delivery.Id,
            status,
            next = retryAt?.ToUnixTimeMilliseconds() ?? now,
            error = error ?? "",
            delivered = error is null ? now : (long?)null,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (status == WebhookDeliveryStatus.Failed
            && JsonSerializer.Deserialize<WebhookPayload>(delivery.Body, WebhookOutboxSql.PayloadJson)?.Run?.Id is { } runId)
            await RunSql.AddErrorAsync(connection, tx, runId,
                $"webhook {url}: {delivery.Event} not delivered after {delivery.Attempts + 1} attempts: {error}", now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The migration's latest deliveries, newest first (for the GUI), with the URLs they went to.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> GetWebhookDeliveriesAsync(Migration migration, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Event, long Webhook, string Status, long Attempts, string LastError, long Created, long? Delivered)>(
            new CommandDefinition("""
                SELECT event, webhook, status, attempts, last_error, created_at, delivered_at FROM webhook_deliveries
                WHERE migration_id = @id ORDER BY created_at DESC, webhook LIMIT @limit
                """, new { id = Id(migration.Id), limit }, cancellationToken: ct)).ConfigureAwait(false);
        var urls = migration.Controls.Webhooks ?? [];
        return rows.Select(r => new WebhookDeliveryView(r.Event, r.Webhook < urls.Count ? urls[(int)r.Webhook].Url ?? "" : "", r.Status, (int)r.Attempts,
            r.LastError, FromMs(r.Created), FromMs(r.Delivered))).ToList();
    }
}
