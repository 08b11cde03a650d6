using System.Net.Security;

namespace Transporter.Api.Notifications;

/// <summary>How hard <see cref="SmtpMailer"/> tries.</summary>
public sealed record SmtpMailerOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; it doubles (with jitter) on each further one, up to a minute.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one attempt (connect, TLS, authentication, dialogue and data).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Decides whether the server's TLS certificate is trusted; null for the system's trust store (where an
    /// operator adds a private CA). Tests trust their generated certificate with it.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
