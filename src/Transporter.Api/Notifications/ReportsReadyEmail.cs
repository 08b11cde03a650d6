using System.Net;

namespace Transporter.Api.Notifications;

/// <summary>"Your reports are ready": the download link (with its token) of a migration's report bundle.</summary>
public sealed record ReportsReadyEmail(Guid MigrationId, string DownloadUrl, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The public download link: {publicUrl}/reports/download/{id}?token={token}.</summary>
    public static string DownloadLink(string publicUrl, Guid migrationId, string token) =>
        $"{publicUrl.TrimEnd('/')}/reports/download/{migrationId}?token={Uri.EscapeDataString(token)}";

    public EmailMessage ToMessage(IReadOnlyList<string> to)
    {
        var expiry = ExpiresAt is { } at ? $"The link works until {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC." : "";
        var text = $"""
            The reports of migration {MigrationId} are ready.

            Download them (a tar.gz archive of CSV files) from:
            {DownloadUrl}

            {expiry}
            """;
        var html = $"""
            <p>The reports of migration <code>{MigrationId}</code> are ready.</p>
            <p><a href="{WebUtility.HtmlEncode(DownloadUrl)}">Download the reports</a> (a tar.gz archive of CSV files).</p>
            <p>{WebUtility.HtmlEncode(expiry)}</p>
            """;
        return new EmailMessage(to, $"Transporter: reports of migration {MigrationId} are ready", text.TrimEnd() + "\n", html);
    }
}
