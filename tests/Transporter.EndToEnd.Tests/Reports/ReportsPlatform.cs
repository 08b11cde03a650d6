using Transporter.EndToEnd.Tests.Migrations;
using Transporter.Testing;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Reports;

/// <summary>
/// The embedded platform mailing through a real SMTP server (aiosmtpd): TRANSPORTER_SMTP_URL points at the sink and
/// TRANSPORTER_PUBLIC_URL names the API as http://localhost:{port}, so links in mails visibly come from the public
/// URL (the API itself listens on 127.0.0.1). <see cref="LinkLifetimeSeconds"/> sets how long download links work.
/// </summary>
public abstract class ReportsPlatform : IAsyncLifetime
{
    public const string MailFrom = "transporter-reports@example.com";

    protected abstract int LinkLifetimeSeconds { get; }

    public SmtpSink Smtp { get; private set; } = null!;
    public PlatformProcess Platform { get; private set; } = null!;
    public TransporterApiClient Api { get; private set; } = null!;
    public IdentityAdminClient Admin { get; private set; } = null!;
    public string PublicUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        var port = FreePort.Next();
        PublicUrl = $"http://localhost:{port}";
        var env = new Dictionary<string, string>(PlatformUnderTest.Settings)
        {
            ["TRANSPORTER_SMTP_URL"] = Smtp.Url,
            ["TRANSPORTER_MAIL_FROM"] = MailFrom,
            ["TRANSPORTER_PUBLIC_URL"] = PublicUrl,
            ["TRANSPORTER_REPORT_LINK_LIFETIME_SECONDS"] = LinkLifetimeSeconds.ToString(),
        };
        Platform = await PlatformProcess.StartAsync(extraEnv: env, apiPort: port);
        Api = TransporterApiClient.For(Platform);
        Admin = new IdentityAdminClient(Platform.ApiUrl, PlatformUnderTest.AdminToken);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Admin?.Dispose();
        if (Platform is not null) await Platform.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
    }
}

/// <summary>Links that work for the default 7 days.</summary>
public sealed class MailingPlatform : ReportsPlatform
{
    protected override int LinkLifetimeSeconds => 7 * 24 * 3600;
}

/// <summary>Links that expire 8 seconds after the bundle is ready.</summary>
public sealed class ShortLinkPlatform : ReportsPlatform
{
    public const int Seconds = 8;

    protected override int LinkLifetimeSeconds => Seconds;
}
