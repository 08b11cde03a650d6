using MimeKit;
using Transporter.Core.Configuration;

namespace Transporter.Api.Notifications;

/// <summary>Checks the email settings at start-up, so a bad one stops the process with a message naming it instead of
/// failing the first mail.</summary>
public static class EmailSettings
{
    /// <summary>Problems with TRANSPORTER_SMTP_URL, TRANSPORTER_MAIL_FROM and TRANSPORTER_PUBLIC_URL; empty when valid
    /// (an unset SMTP URL is valid: email is off).</summary>
    public static IReadOnlyList<string> Validate(TransporterOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SmtpUrl) && !SmtpEndpoint.TryParse(options.SmtpUrl, out _, out var smtpError))
            errors.Add($"TRANSPORTER_SMTP_URL is invalid: {smtpError}");
        if (!string.IsNullOrWhiteSpace(options.MailFrom) && !MailboxAddress.TryParse(options.MailFrom, out _))
            errors.Add($"TRANSPORTER_MAIL_FROM must be an email address, got '{options.MailFrom}'");
        if (!string.IsNullOrWhiteSpace(options.PublicUrl)
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add($"TRANSPORTER_PUBLIC_URL must be an http(s) URL (the base of links in emails), got '{options.PublicUrl}'");
        return errors;
    }
}
