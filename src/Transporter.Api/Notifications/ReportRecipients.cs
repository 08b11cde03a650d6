using System.Net.Mail;
using Transporter.Core.Migrations;

namespace Transporter.Api.Notifications;

/// <summary>
/// Who hears about a migration's reports: the destinations of its email notifications for the event, and its owner
/// when the owner's user name is an email address. A failure also reaches the "reports ready" subscribers, who are
/// waiting for those reports. Each address once (case-insensitive), in that order.
/// </summary>
public static class ReportRecipients
{
    public static IReadOnlyList<string> For(Migration migration, string @event)
    {
        var events = @event == NotificationEvents.ReportsFailed
            ? new[] { NotificationEvents.ReportsFailed, NotificationEvents.ReportsReady }
            : [@event];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recipients = new List<string>();
        foreach (var notification in migration.Notifications)
        {
            if (!string.Equals(notification.Carrier?.Trim(), NotificationEvents.Email, StringComparison.OrdinalIgnoreCase)) continue;
            if (!events.Any(e => string.Equals(notification.Event?.Trim(), e, StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var address in notification.Destination ?? []) Add(address);
        }
        Add(migration.UserName);
        return recipients;

        void Add(string? address)
        {
            if (string.IsNullOrWhiteSpace(address) || !MailAddress.TryCreate(address.Trim(), out var parsed)) return;
            if (seen.Add(parsed.Address)) recipients.Add(address.Trim());
        }
    }
}
