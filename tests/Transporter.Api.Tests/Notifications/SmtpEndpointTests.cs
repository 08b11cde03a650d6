using Transporter.Api.Notifications;

namespace Transporter.Api.Tests.Notifications;

public class SmtpEndpointTests
{
    [Theory]
    [InlineData("smtp://user:pass@mail.example.com:587", "mail.example.com", 587, true, "user", "pass")]
    [InlineData("smtp://alice%40example.com:p%40ss%3Aw%2Frd@mail.example.com:2525", "mail.example.com", 2525, false, "alice@example.com", "p@ss:w/rd")]
    [InlineData("smtp://mail.example.com", "mail.example.com", 587, true, null, null)]
    [InlineData("smtp://mail.example.com?starttls=false", "mail.example.com", 25, false, null, null)]
    [InlineData("smtp://127.0.0.1:2525?starttls=true", "127.0.0.1", 2525, true, null, null)]
    public void Parses_host_port_tls_and_url_decoded_credentials(string url, string host, int port, bool startTls, string? user, string? password)
    {
        Assert.Equal(new SmtpEndpoint(host, port, startTls, user, password), SmtpEndpoint.Parse(url));
    }

    [Theory]
    [InlineData("smtps://u:secret@mail.example.com:465", "smtps:// (implicit TLS, port 465) is not supported; use smtp://host:587, which upgrades with STARTTLS")]
    [InlineData("http://u:secret@mail.example.com", "the SMTP URL must start with smtp://, got 'http://'")]
    [InlineData("mail.example.com:25", "the SMTP URL must look like smtp://user:pass@host:587")]
    [InlineData("not a url", "the SMTP URL must look like smtp://user:pass@host:587")]
    [InlineData("smtp://u:secret@mail.example.com?tls=1", "unknown SMTP URL option 'tls' (known: starttls=true|false)")]
    public void Refuses_bad_urls_without_echoing_the_password(string url, string message)
    {
        var error = Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(url));
        Assert.Equal(message, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Prints_without_credentials() =>
        Assert.Equal("smtp://mail.example.com:587 (STARTTLS)", SmtpEndpoint.Parse("smtp://user:secret@mail.example.com:587").ToString());
}
