using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Api.Notifications;

/// <summary>
/// Mails "reports ready" (with the public download link) and "reports failed" to <see cref="ReportRecipients"/>, and
/// queues the report.ready event of the migration's webhooks. Never throws: the mailer retries transient failures and
/// logs what it could not deliver, so a mail problem never fails a report preparation. The link carries the token;
/// neither is logged.
/// </summary>
public sealed class ReportNotifier(IMailer mailer, WebhookDeliveryRepository webhooks, IOptions<TransporterOptions> options, ILogger<ReportNotifier> logger)
{
    /// <summary>Queues the webhooks' report.ready and sends the ready mail; true when the mail was delivered.</summary>
    public async Task<bool> ReportsReadyAsync(Migration migration, MigrationRun run, string token, DateTimeOffset expiresAt)
    {
        var link = ReportsReadyEmail.DownloadLink(options.Value.EffectivePublicUrl, migration.Id, token);
        if (migration.Controls.Webhooks is { Count: > 0 })
        {
            try
            {
                await webhooks.EnqueueReportReadyAsync(run.Id, link, expiresAt).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError("Could not queue the report.ready webhooks of migration {MigrationId}: {Error}", migration.Id, e.Message);
            }
        }
        return await SendAsync(migration, NotificationEvents.ReportsReady, to => new ReportsReadyEmail(migration.Id, link, expiresAt).ToMessage(to))
            .ConfigureAwait(false);
    }

    /// <summary>Sends the failure mail; true when it was delivered.</summary>
    public Task<bool> ReportsFailedAsync(Migration migration, string reason) =>
        SendAsync(migration, NotificationEvents.ReportsFailed, to => new ReportsFailedEmail(migration.Id, reason).ToMessage(to));

    private async Task<bool> SendAsync(Migration migration, string @event, Func<IReadOnlyList<string>, EmailMessage> message)
    {
        var recipients = ReportRecipients.For(migration, @event);
        if (recipients.Count == 0)
        {
            logger.LogInformation("No one to tell about '{Event}' of migration {MigrationId}: no email notification and the owner is not an address",
                @event, migration.Id);
            return false;
        }
        try
        {
            return await mailer.SendInBackground(message(recipients)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // An invalid address slipped past validation: log it, the preparation carries on.
            logger.LogError("Could not mail '{Event}' of migration {MigrationId}: {Error}", @event, migration.Id, e.Message);
            return false;
        }
    }
}
