using System.Diagnostics.CodeAnalysis;

namespace Transporter.Api.Notifications;

/// <summary>
/// Where mail goes, parsed from TRANSPORTER_SMTP_URL: <c>smtp://user:pass@host:587</c> (user and password
/// URL-encoded). The connection is upgraded with STARTTLS when the port is 587 or the URL says
/// <c>?starttls=true</c> (<c>?starttls=false</c> turns it off); System.Net.Mail has no implicit TLS, so
/// <c>smtps://</c> (port 465) is refused. The default port is 587 with STARTTLS, else 25.
/// </summary>
public sealed record SmtpEndpoint(string Host, int Port, bool StartTls, string? UserName, string? Password)
{
    /// <summary>Parses the URL; the error names what is wrong and never echoes the password.</summary>
    public static SmtpEndpoint Parse(string url) =>
        TryParse(url, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(string? url, [NotNullWhen(true)] out SmtpEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "the SMTP URL must look like smtp://user:pass@host:587";
            return false;
        }
        if (uri.Scheme == "smtps")
        {
            error = "smtps:// (implicit TLS, port 465) is not supported; use smtp://host:587, which upgrades with STARTTLS";
            return false;
        }
        if (uri.Scheme != "smtp")
        {
            error = $"the SMTP URL must start with smtp://, got '{uri.Scheme}://'";
            return false;
        }

        bool? startTls = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=') is var eq and >= 0 ? (pair[..eq], pair[(eq + 1)..]) : (pair, "");
            if (!name.Equals("starttls", StringComparison.OrdinalIgnoreCase) || !bool.TryParse(value, out var flag))
            {
                error = $"unknown SMTP URL option '{name}' (known: starttls=true|false)";
                return false;
            }
            startTls = flag;
        }
        var port = uri.IsDefaultPort ? (startTls == false ? 25 : 587) : uri.Port;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        endpoint = new SmtpEndpoint(uri.Host, port, startTls ?? port == 587, user, password);
        error = null;
        return true;
    }

    /// <summary>smtp://host:port, for logs: never the credentials.</summary>
    public override string ToString() => $"smtp://{Host}:{Port}{(StartTls ? " (STARTTLS)" : "")}";
}
