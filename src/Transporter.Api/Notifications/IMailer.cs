namespace Transporter.Api.Notifications;

/// <summary>Sends notification emails.</summary>
public interface IMailer
{
    /// <summary>False when no SMTP server is configured (TRANSPORTER_SMTP_URL unset): sends are skipped.</summary>
    bool IsEnabled { get; }

    /// <summary>Sends, retrying transient failures with backoff; throws when every attempt failed or the message is
    /// invalid. Returns without sending when email is off.</summary>
    Task SendAsync(EmailMessage message, CancellationToken ct = default);

    /// <summary>Fire and forget: sends in the background and never throws; failures are logged. The task says
    /// whether the mail was delivered (false when email is off); callers may ignore it.</summary>
    Task<bool> SendInBackground(EmailMessage message);
}
