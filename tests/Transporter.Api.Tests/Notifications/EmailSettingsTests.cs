using Transporter.Api.Notifications;
using Transporter.Core.Configuration;
using Transporter.Testing;

namespace Transporter.Api.Tests.Notifications;

public class EmailSettingsTests
{
    [Fact]
    public void Unset_email_is_valid_and_good_settings_are_accepted()
    {
        Assert.Empty(EmailSettings.Validate(new TransporterOptions()));
        Assert.Empty(EmailSettings.Validate(new TransporterOptions
        {
            SmtpUrl = "smtps://user:p%40ss@mail.example.com", MailFrom = "Transporter <transporter@example.com>", PublicUrl = "https://transporter.example.com",
        }));
    }

    [Theory]
    [InlineData("smtps://mail.example.com:465?starttls=true", null, null, "TRANSPORTER_SMTP_URL is invalid: starttls does not apply to smtps://")]
    [InlineData("mail.example.com", null, null, "TRANSPORTER_SMTP_URL is invalid")]
    [InlineData("smtp://mail.example.com?tls=yes", null, null, "unknown SMTP URL option 'tls'")]
    [InlineData(null, "not an address", null, "TRANSPORTER_MAIL_FROM must be an email address")]
    [InlineData(null, null, "ftp://example.com", "TRANSPORTER_PUBLIC_URL must be an http(s) URL")]
    public void Each_bad_setting_is_named(string? smtp, string? from, string? publicUrl, string expected)
    {
        var errors = EmailSettings.Validate(new TransporterOptions { SmtpUrl = smtp, MailFrom = from, PublicUrl = publicUrl });

        Assert.Contains(expected, Assert.Single(errors));
    }

    [Fact]
    public async Task The_platform_refuses_to_start_with_a_bad_smtp_url_and_says_why_without_the_password()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string>
        {
            ["TRANSPORTER_SMTP_URL"] = "smtps://mailer:hunter2-secret@mail.example.com:465?starttls=false",
        }));

        Assert.Contains("platform exited", failure.Message);
        Assert.Contains("TRANSPORTER_SMTP_URL is invalid: starttls does not apply to smtps://, which is TLS from the start", failure.Message);
        Assert.DoesNotContain("hunter2-secret", failure.Message);
    }
}
