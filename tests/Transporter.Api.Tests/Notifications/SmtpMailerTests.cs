using Microsoft.Extensions.Logging;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Transporter.Api.Notifications;
using Transporter.Core.Configuration;
using Transporter.Testing;

namespace Transporter.Api.Tests.Notifications;

/// <summary>Against a real SMTP server (aiosmtpd).</summary>
public class SmtpMailerTests
{
    [Fact]
    public async Task Reports_ready_mail_reaches_two_recipients_and_its_link_reads_back()
    {
        await using var sink = await SmtpSink.StartAsync();
        var logger = new ListLogger<SmtpMailer>();
        var mailer = new SmtpMailer(Options.Create(new TransporterOptions { SmtpUrl = sink.Url, MailFrom = "reports@transporter.test" }), logger);
        var migration = Guid.NewGuid();
        var link = ReportsReadyEmail.DownloadLink("https://transporter.example.com/", migration, "tok/en+with=special&chars");
        string[] recipients = ["ops@example.com", "Zoë <zoe@example.org>"];

        var delivered = await mailer.SendInBackground(new ReportsReadyEmail(migration, link, DateTimeOffset.UtcNow.AddDays(7)).ToMessage(recipients));

        Assert.True(delivered, string.Join('\n', logger.Entries.Select(e => e.Message)) + sink.Output);
        var mail = await sink.WaitForMessageAsync();
        Assert.Equal("reports@transporter.test", mail.MailFrom);
        Assert.Equal(["ops@example.com", "zoe@example.org"], mail.Recipients);
        Assert.Contains("ops@example.com", mail.Header("To"));
        Assert.Contains("Zoë <zoe@example.org>", mail.Header("To"));
        Assert.Equal($"Transporter: reports of migration {migration} are ready", mail.Subject);

        Assert.Equal($"https://transporter.example.com/reports/download/{migration}?token=tok%2Fen%2Bwith%3Dspecial%26chars", link);
        var textLink = Regex.Match(mail.Text!, @"https?://\S+").Value;
        Assert.Equal(link, textLink);
        var htmlLink = System.Net.WebUtility.HtmlDecode(Regex.Match(mail.Html!, "href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal(link, htmlLink);
        Assert.Single(sink.Messages); // one message for both recipients
    }

    [Fact]
    public async Task Reports_failed_mail_carries_the_reason()
    {
        await using var sink = await SmtpSink.StartAsync();
        var mailer = new SmtpMailer(SmtpEndpoint.Parse(sink.Url), null, new ListLogger<SmtpMailer>());
        var migration = Guid.NewGuid();

        await mailer.SendAsync(new ReportsFailedEmail(migration, "disk full while writing failed-transfers.csv").ToMessage(["ops@example.com"]));

        var mail = await sink.WaitForMessageAsync();
        Assert.Equal("transporter@localhost", mail.MailFrom);
        Assert.Contains("disk full while writing failed-transfers.csv", mail.Text);
        Assert.Contains(migration.ToString(), mail.Subject);
    }

    [Fact]
    public async Task A_dead_smtp_port_is_retried_then_logged_without_throwing_or_leaking_credentials()
    {
        var port = FreePort.Next(); // nothing listens there
        var logger = new ListLogger<SmtpMailer>();
        var mailer = new SmtpMailer(SmtpEndpoint.Parse($"smtp://bob:s3cr3t-pa55@127.0.0.1:{port}"), null, logger,
            new SmtpMailerOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20) });
        var message = new ReportsFailedEmail(Guid.NewGuid(), "x").ToMessage(["ops@example.com"]);

        var delivered = await mailer.SendInBackground(message);

        Assert.False(delivered);
        var entries = logger.Entries;
        Assert.Equal(2, entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("retrying")));
        var final = Assert.Single(entries, e => e.Level == LogLevel.Error);
        Assert.Contains($"127.0.0.1:{port}", final.Message);
        Assert.Contains("after 3 attempts", final.Message);
        Assert.All(entries, e => Assert.DoesNotContain("s3cr3t", e.Message));
        Assert.All(entries, e => Assert.DoesNotContain("bob", e.Message));

        // A caller that awaits the send (not fire-and-forget) does get the error.
        await Assert.ThrowsAsync<System.Net.Mail.SmtpException>(() => mailer.SendAsync(message));
    }

    [Fact]
    public async Task Email_is_off_without_an_smtp_url()
    {
        var logger = new ListLogger<SmtpMailer>();
        var mailer = new SmtpMailer(Options.Create(new TransporterOptions()), logger);

        Assert.False(mailer.IsEnabled);
        Assert.False(await mailer.SendInBackground(new ReportsFailedEmail(Guid.NewGuid(), "x").ToMessage(["ops@example.com"])));
        Assert.Contains(logger.Entries, e => e.Message.Contains("Email is off"));
    }
}
