using System.Net;

namespace Transporter.Api.Notifications;

/// <summary>"Preparing your reports failed", with the reason.</summary>
public sealed record ReportsFailedEmail(Guid MigrationId, string Reason)
{
    public EmailMessage ToMessage(IReadOnlyList<string> to)
    {
        var text = $"""
            Preparing the reports of migration {MigrationId} failed:

            {Reason}

            You can ask for them again (POST /reports/prepare/{MigrationId}).
            """;
        var html = $"""
            <p>Preparing the reports of migration <code>{MigrationId}</code> failed:</p>
            <blockquote>{WebUtility.HtmlEncode(Reason)}</blockquote>
            <p>You can ask for them again (<code>POST /reports/prepare/{MigrationId}</code>).</p>
            """;
        return new EmailMessage(to, $"Transporter: preparing the reports of migration {MigrationId} failed", text + "\n", html);
    }
}
