using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Transporter.Api.Notifications;
using Transporter.Api.Reports;
using Transporter.Api.Tests.Notifications;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Reports;

/// <summary>
/// The preparation service in-process over a real SQLite database, the real bundle writer on disk and a real SMTP
/// server (aiosmtpd): the whole path from report rows to the mailed link, its failure mail, replacement and expiry.
/// </summary>
public sealed class ReportPreparationServiceTests : IAsyncLifetime
{
    private const string PublicUrl = "https://transporter.example.com/base";
    private RepositoryTestContext _ctx = null!;
    private SmtpSink _smtp = null!;
    private string _dataDir = null!;
    private ReportPreparationRepository _preparations = null!;
    private ReportBundleStore _bundles = null!;
    private ReportPreparationService _service = null!;

    public async Task InitializeAsync()
    {
        _ctx = RepositoryTestContext.Sqlite();
        _smtp = await SmtpSink.StartAsync();
        _dataDir = RepoPaths.NewTempDir("report-preparation");
        var options = Options.Create(new TransporterOptions { DataDir = _dataDir, PublicUrl = PublicUrl, SmtpUrl = _smtp.Url, MailFrom = "reports@example.com" });
        _preparations = new ReportPreparationRepository(_ctx.Database, _ctx.MigrationDatabase, _ctx.Clock);
        _bundles = new ReportBundleStore(options);
        var mailer = new SmtpMailer(options, new ListLogger<SmtpMailer>());
        _service = new ReportPreparationService(_preparations,
            new ReportBundleBuilder(_ctx.ReportReader(), new ReportBundleWriter(_ctx.Clock)), _bundles,
            new ReportNotifier(mailer, _ctx.Webhooks, options, NullLogger<ReportNotifier>.Instance), options, _ctx.Clock,
            NullLogger<ReportPreparationService>.Instance);
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _smtp.DisposeAsync();
        await _ctx.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>A finished run of <paramref name="objects"/> objects, every tenth failed, owned by owner@example.com, with
    /// "reports ready" mailed to ops@ and "reports failed" to oncall@.</summary>
    private async Task<(Migration Migration, MigrationRun Run)> FinishedRunAsync(int objects)
    {
        var migration = RepositoryTestContext.NewMigration("acme", "owner@example.com") with
        {
            Notifications =
            [
                new NotificationConfig { Event = "reports ready", Carrier = "email", Destination = ["ops@example.com"] },
                new NotificationConfig { Event = "reports failed", Carrier = "email", Destination = ["oncall@example.com"] },
            ],
        };
        var run = (await _ctx.Migrations.CreateAsync(migration, new EndpointPair(RepositoryTestContext.Endpoint("src"), RepositoryTestContext.Endpoint("dst")),
            startNow: true))!;
        Assert.True(await _ctx.Leases.TryClaimListerAsync(run.Id, "lister-1", _ctx.Clock.GetUtcNow().AddDays(30)));
        Assert.True(await _ctx.Runs.TryMoveAsync(run.Id, MigrationState.Started));
        for (var seq = 0; seq * 100 < objects; seq++)
            await RunSeeding.CommitAsync(_ctx, run, seq, RunSeeding.Items($"obj-{seq:D4}-", Math.Min(100, objects - seq * 100)),
                item => item.Key.EndsWith('7') ? RepositoryTestContext.Failed(item) : RepositoryTestContext.Succeeded(item));
        Assert.True(await _ctx.Leases.CompleteListingAsync(run.Id, "lister-1"));
        Assert.Equal(MigrationState.CompletedWithErrors, await _ctx.Runs.TryCompleteAsync(run.Id));
        return (migration, (await _ctx.Runs.GetRunAsync(run.Id))!);
    }

    private static string TokenOf(SmtpSink.ReceivedMail mail) => Regex.Match(mail.Text!, @"[?&]token=([A-Za-z0-9_-]+)").Groups[1].Value;

    [Fact]
    public async Task A_preparation_writes_the_bundle_records_its_hashed_token_and_mails_the_link()
    {
        var (migration, run) = await FinishedRunAsync(20_000);

        Assert.True(await _service.TryStartAsync(migration, run, CancellationToken.None));
        var second = await _service.TryStartAsync(migration, run, CancellationToken.None);
        var preparingMeanwhile = await _preparations.IsPreparingAsync(migration.Id);
        var mail = await _smtp.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(60));

        Assert.False(second);
        Assert.True(preparingMeanwhile);
        Assert.False(await _preparations.IsPreparingAsync(migration.Id));
        Assert.Equal($"Transporter: reports of migration {migration.Id} are ready", mail.Subject);
        Assert.Equal(["ops@example.com", "owner@example.com"], mail.Recipients);
        Assert.Equal("reports@example.com", mail.MailFrom);
        var token = TokenOf(mail);
        Assert.Contains($"{PublicUrl}/reports/download/{migration.Id}?token={token}", mail.Text);
        var recorded = (await _preparations.GetAsync(migration.Id))!;
        Assert.Equal(ReportPreparationState.Ready, recorded.State);
        Assert.Equal(DownloadToken.Hash(token), recorded.TokenHash);
        Assert.Equal(_ctx.Clock.GetUtcNow().AddDays(7), recorded.ExpiresAt);

        var entries = new Dictionary<string, int>();
        await using (var file = _bundles.OpenRead(migration.Id, recorded.Bundle!)!)
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                using var reader = new StreamReader(entry.DataStream!);
                var lines = 0;
                while (await reader.ReadLineAsync() is { } line) if (!line.StartsWith('#')) lines++;
                entries[entry.Name] = lines - 1; // minus the header row
            }
        Assert.Equal(new Dictionary<string, int> { ["summary.csv"] = 1, ["successful-transfers.csv"] = 18_000, ["failed-transfers.csv"] = 2_000 }, entries);
    }

    [Fact]
    public async Task A_new_preparation_replaces_the_bundle_and_its_link()
    {
        var (migration, run) = await FinishedRunAsync(30);
        Assert.True(await _service.TryStartAsync(migration, run, CancellationToken.None));
        var firstMail = await _smtp.WaitForMessageAsync();
        var first = (await _preparations.GetAsync(migration.Id))!;

        Assert.True(await _service.TryStartAsync(migration, run, CancellationToken.None));
        var secondMail = await _smtp.WaitForMessageAsync(m => m != firstMail);
        var second = (await _preparations.GetAsync(migration.Id))!;

        Assert.NotEqual(first.Bundle, second.Bundle);
        Assert.Null(_bundles.OpenRead(migration.Id, first.Bundle!));
        Assert.False(DownloadToken.Matches(TokenOf(firstMail), second.TokenHash));
        Assert.True(DownloadToken.Matches(TokenOf(secondMail), second.TokenHash));
        Assert.Single(Directory.GetFiles(Path.Combine(_bundles.Root, migration.Id.ToString())));
    }

    [Fact]
    public async Task A_failed_preparation_is_recorded_and_mailed_with_its_reason_to_both_lists()
    {
        var (migration, run) = await FinishedRunAsync(30);
        // A file where the migration's report directory belongs: the writer cannot create it.
        Directory.CreateDirectory(_bundles.Root);
        await File.WriteAllTextAsync(Path.Combine(_bundles.Root, migration.Id.ToString()), "in the way");

        Assert.True(await _service.TryStartAsync(migration, run, CancellationToken.None));
        var mail = await _smtp.WaitForMessageAsync();
        var recorded = (await _preparations.GetAsync(migration.Id))!;

        Assert.Equal($"Transporter: preparing the reports of migration {migration.Id} failed", mail.Subject);
        Assert.Equal(["ops@example.com", "oncall@example.com", "owner@example.com"], mail.Recipients);
        Assert.Equal(ReportPreparationState.Failed, recorded.State);
        Assert.False(string.IsNullOrEmpty(recorded.Error));
        Assert.Contains(recorded.Error, mail.Text);
        Assert.Null(recorded.Bundle);
        Assert.False(await _preparations.IsPreparingAsync(migration.Id));
    }

    [Fact]
    public async Task Bundles_are_removed_once_their_link_expired()
    {
        var (migration, run) = await FinishedRunAsync(30);
        Assert.True(await _service.TryStartAsync(migration, run, CancellationToken.None));
        await _smtp.WaitForMessageAsync();
        var bundle = (await _preparations.GetAsync(migration.Id))!.Bundle!;

        Assert.Equal(0, await _service.RemoveExpiredBundlesAsync(CancellationToken.None));
        _ctx.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await _service.RemoveExpiredBundlesAsync(CancellationToken.None));

        Assert.False(File.Exists(_bundles.PathOf(migration.Id, bundle)));
        Assert.Null((await _preparations.GetAsync(migration.Id))!.Bundle);
    }
}
