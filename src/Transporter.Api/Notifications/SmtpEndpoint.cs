using System.Diagnostics.CodeAnalysis;
using MailKit.Security;

namespace Transporter.Api.Notifications;

/// <summary>
/// Where mail goes, parsed from TRANSPORTER_SMTP_URL: <c>smtp://user:pass@host:587</c> (user and password
/// URL-encoded). <c>smtps://</c> speaks TLS from the first byte (SSL-on-connect, default port 465). A <c>smtp://</c>
/// connection is upgraded with STARTTLS, which the server must then offer, when the port is 587 or the URL says
/// <c>?starttls=true</c> (<c>?starttls=false</c> turns it off); the default port is 587 with STARTTLS, else 25.
/// </summary>
public sealed record SmtpEndpoint(string Host, int Port, SecureSocketOptions Security, string? UserName, string? Password)
{
    /// <summary>Parses the URL; the error names what is wrong and never echoes the password.</summary>
    public static SmtpEndpoint Parse(string url) =>
        TryParse(url, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(string? url, [NotNullWhen(true)] out SmtpEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "the SMTP URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465";
            return false;
        }
        if (uri.Scheme is not ("smtp" or "smtps"))
        {
            error = $"the SMTP URL must start with smtp:// or smtps://, got '{uri.Scheme}://'";
            return false;
        }
        var implicitTls = uri.Scheme == "smtps";

        bool? startTls = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=') is var eq and >= 0 ? (pair[..eq], pair[(eq + 1)..]) : (pair, "");
            if (!name.Equals("starttls", StringComparison.OrdinalIgnoreCase) || !bool.TryParse(value, out var flag))
            {
                error = $"unknown SMTP URL option '{name}' (known: starttls=true|false)";
                return false;
            }
            if (implicitTls)
            {
                error = "starttls does not apply to smtps://, which is TLS from the start";
                return false;
            }
            startTls = flag;
        }
        var port = !uri.IsDefaultPort ? uri.Port : implicitTls ? 465 : startTls == false ? 25 : 587;
        var security = implicitTls ? SecureSocketOptions.SslOnConnect
            : startTls ?? port == 587 ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        endpoint = new SmtpEndpoint(uri.Host, port, security, user, password);
        error = null;
        return true;
    }

    /// <summary>smtp://host:port, for logs: never the credentials.</summary>
    public override string ToString() => Security switch
    {
        SecureSocketOptions.SslOnConnect => $"smtps://{Host}:{Port}",
        SecureSocketOptions.StartTls => $"smtp://{Host}:{Port} (STARTTLS)",
        _ => $"smtp://{Host}:{Port}",
    };
}
