using MailKit.Security;
using Transporter.Api.Notifications;

namespace Transporter.Api.Tests.Notifications;

public class SmtpEndpointTests
{
    [Theory]
    [InlineData("smtp://user:pass@mail.example.com:587", "mail.example.com", 587, SecureSocketOptions.StartTls, "user", "pass")]
    [InlineData("smtp://alice%40example.com:p%40ss%3Aw%2Frd@mail.example.com:2525", "mail.example.com", 2525, SecureSocketOptions.None, "alice@example.com", "p@ss:w/rd")]
    [InlineData("smtp://mail.example.com", "mail.example.com", 587, SecureSocketOptions.StartTls, null, null)]
    [InlineData("smtp://mail.example.com?starttls=false", "mail.example.com", 25, SecureSocketOptions.None, null, null)]
    [InlineData("smtp://127.0.0.1:2525?starttls=true", "127.0.0.1", 2525, SecureSocketOptions.StartTls, null, null)]
    [InlineData("smtps://u:p@mail.example.com", "mail.example.com", 465, SecureSocketOptions.SslOnConnect, "u", "p")]
    [InlineData("smtps://mail.example.com:2465", "mail.example.com", 2465, SecureSocketOptions.SslOnConnect, null, null)]
    public void Parses_host_port_tls_and_url_decoded_credentials(string url, string host, int port, SecureSocketOptions security, string? user, string? password)
    {
        Assert.Equal(new SmtpEndpoint(host, port, security, user, password), SmtpEndpoint.Parse(url));
    }

    [Theory]
    [InlineData("smtps://u:secret@mail.example.com:465?starttls=true", "starttls does not apply to smtps://, which is TLS from the start")]
    [InlineData("http://u:secret@mail.example.com", "the SMTP URL must start with smtp:// or smtps://, got 'http://'")]
    [InlineData("mail.example.com:25", "the SMTP URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")]
    [InlineData("not a url", "the SMTP URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")]
    [InlineData("smtp://u:secret@mail.example.com?tls=1", "unknown SMTP URL option 'tls' (known: starttls=true|false)")]
    public void Refuses_bad_urls_without_echoing_the_password(string url, string message)
    {
        var error = Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(url));
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Theory]
    [InlineData("smtp://user:secret@mail.example.com:587", "smtp://mail.example.com:587 (STARTTLS)")]
    [InlineData("smtps://user:secret@mail.example.com", "smtps://mail.example.com:465")]
    [InlineData("smtp://user:secret@mail.example.com:25", "smtp://mail.example.com:25")]
    public void Prints_without_credentials(string url, string printed) => Assert.Equal(printed, SmtpEndpoint.Parse(url).ToString());
}
