namespace Transporter.Testing;

/// <summary>How an <see cref="SmtpSink"/> talks: its TLS, and the user and password it requires (none when null).</summary>
public sealed record SmtpSinkOptions
{
    public SmtpSinkTls Tls { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }
}

public enum SmtpSinkTls
{
    /// <summary>Plain SMTP, no STARTTLS offered.</summary>
    None,

    /// <summary>Plain at first; STARTTLS offered and required before anything else.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS).</summary>
    SslOnConnect,
}
