namespace Transporter.Api.Notifications;

/// <summary>How hard <see cref="SmtpMailer"/> tries.</summary>
public sealed record SmtpMailerOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; it doubles (with jitter) on each further one, up to a minute.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one attempt (connect, dialogue and data).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
