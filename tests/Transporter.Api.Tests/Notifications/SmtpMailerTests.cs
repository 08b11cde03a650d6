using Microsoft.Extensions.Logging;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Transporter.Api.Notifications;
using Transporter.Core.Configuration;
using Transporter.Testing;

namespace Transporter.Api.Tests.Notifications;

/// <summary>Against a real SMTP server (aiosmtpd): plain, STARTTLS and SSL-on-connect with a generated certificate, with
/// and without authentication.</summary>
public class SmtpMailerTests
{
    private const string User = "mailer@transporter.test";
    private const string Password = "p@ss:w/rd \u00e9";

    private static SmtpMailer MailerFor(SmtpSink sink, ListLogger<SmtpMailer> logger, bool trustTheSink = true) =>
        new(SmtpEndpoint.Parse(sink.Url), "reports@transporter.test", logger, new SmtpMailerOptions
        {
            MaxAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            ServerCertificateValidation = trustTheSink ? (_, certificate, _, _) => sink.Trusts(certificate) : null,
        });

    private static EmailMessage Message(string reason = "x") => new ReportsFailedEmail(Guid.NewGuid(), reason).ToMessage(["ops@example.com"]);

    [Theory]
    [InlineData(SmtpSinkTls.StartTls)]
    [InlineData(SmtpSinkTls.SslOnConnect)]
    public async Task An_authenticated_mail_goes_over_TLS_to_a_server_with_a_certificate_it_trusts(SmtpSinkTls tls)
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = tls, UserName = User, Password = Password });
        var logger = new ListLogger<SmtpMailer>();

        await MailerFor(sink, logger).SendAsync(Message("over TLS"));

        var mail = await sink.WaitForMessageAsync();
        Assert.True(mail.OverTls);
        Assert.Equal(User, mail.AuthenticatedUser);
        Assert.Equal("reports@transporter.test", mail.MailFrom);
        Assert.Contains("over TLS", mail.Text);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("retrying"));
        Assert.All(logger.Entries, e => Assert.DoesNotContain("p@ss", e.Message));
    }

    [Fact]
    public async Task A_plain_server_that_requires_AUTH_gets_the_mail_from_the_authenticated_user()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UserName = User, Password = Password });

        await MailerFor(sink, new ListLogger<SmtpMailer>()).SendAsync(Message());

        var mail = await sink.WaitForMessageAsync();
        Assert.False(mail.OverTls);
        Assert.Equal(User, mail.AuthenticatedUser);
    }

    [Theory]
    [InlineData(SmtpSinkTls.StartTls)]
    [InlineData(SmtpSinkTls.SslOnConnect)]
    public async Task A_certificate_the_system_does_not_trust_is_refused_at_once_and_nothing_is_sent(SmtpSinkTls tls)
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = tls });
        var logger = new ListLogger<SmtpMailer>();

        await Assert.ThrowsAsync<MailKit.Security.SslHandshakeException>(() => MailerFor(sink, logger, trustTheSink: false).SendAsync(Message()));

        Assert.Empty(sink.Messages);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("retrying"));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_without_retrying()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { Tls = SmtpSinkTls.StartTls, UserName = User, Password = Password });
        var logger = new ListLogger<SmtpMailer>();
        var endpoint = SmtpEndpoint.Parse(sink.Url) with { Password = "wrong" };
        var mailer = new SmtpMailer(endpoint, null, logger, new SmtpMailerOptions
        {
            MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20), ServerCertificateValidation = (_, certificate, _, _) => sink.Trusts(certificate),
        });

        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => mailer.SendAsync(Message()));

        Assert.Empty(sink.Messages);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("retrying"));
    }

    [Fact]
    public async Task A_URL_asking_for_STARTTLS_never_sends_in_the_clear_to_a_server_without_it()
    {
        await using var sink = await SmtpSink.StartAsync();
        var mailer = new SmtpMailer(SmtpEndpoint.Parse(sink.Url + "?starttls=true"), null, new ListLogger<SmtpMailer>());

        await Assert.ThrowsAsync<NotSupportedException>(() => mailer.SendAsync(Message()));

        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_each_attempt_and_is_retried()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel's backlog) and never says a word
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var logger = new ListLogger<SmtpMailer>();
        var mailer = new SmtpMailer(SmtpEndpoint.Parse($"smtp://127.0.0.1:{port}"), null, logger, new SmtpMailerOptions
        {
            MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromMilliseconds(500),
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => mailer.SendAsync(Message()));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("retrying"));
    }

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
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => mailer.SendAsync(message));
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
