using Transporter.Api.Gui.Auth;
using Transporter.Api.Reports;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Identity;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// A migration's report rows and bundles as the signed-in user may see them: <see cref="MigrationReports"/>, as the
/// API's report endpoints use it, and the user's ready bundle for download.
/// </summary>
public sealed class GuiReports(MigrationActions migrations, MigrationReports reports, ReportPreparationRepository preparations,
    ReportBundleStore bundles, TimeProvider clock)
{
    /// <summary>A page of the latest run's failed objects in key order (only <paramref name="key"/>'s row when given);
    /// empty when the migration is not the user's.</summary>
    public async Task<FailedReportPage> GetFailedAsync(Caller caller, Guid migrationId, string? key, long start, int size, CancellationToken ct) =>
        await reports.GetFailedAsync(caller.ToOwner(), migrationId, key, start, size, ct) ?? new FailedReportPage([], End: true);

    /// <summary>The migration's last report preparation (preparing, ready with a bundle, or failed), or null if never asked.</summary>
    public Task<ReportPreparation?> GetPreparationAsync(Guid migrationId, CancellationToken ct) => preparations.GetAsync(migrationId, ct);

    public async Task<ActionOutcome> PrepareAsync(Caller caller, Guid migrationId, CancellationToken ct) =>
        ActionOutcome.From(await reports.PrepareAsync(caller.ToOwner(), migrationId, ct), "Preparing the reports…");

    /// <summary>The ready bundle of the caller's migration, opened for streaming, with a file name; null when there is none
    /// (not the caller's, never prepared, expired or removed).</summary>
    public async Task<(FileStream File, string Name)?> OpenBundleAsync(Caller caller, Guid migrationId, CancellationToken ct)
    {
        if (await migrations.GetAsync(caller, migrationId, ct) is null) return null;
        var ready = await preparations.GetAsync(migrationId, ct);
        if (ready is not { State: ReportPreparationState.Ready, Bundle: { } bundle, ExpiresAt: { } expiresAt } || expiresAt <= clock.GetUtcNow()) return null;
        if (bundles.OpenRead(migrationId, bundle) is not { } file) return null;
        var finished = (ready.FinishedAt ?? clock.GetUtcNow()).UtcDateTime;
        return (file, $"transporter-reports-{migrationId}-{finished:yyyyMMdd'T'HHmmss'Z'}.tar.gz");
    }

    /// <summary>Which step failed and how, from a failed object's four error fields.</summary>
    public static string ErrorOf(ObjectReport report) =>
        report.SourceReadingErr.Length > 0 ? "reading the source: " + report.SourceReadingErr
        : report.DestinationWritingErr.Length > 0 ? "writing the destination: " + report.DestinationWritingErr
        : report.LyveWritingErr.Length > 0 ? "writing to Lyve: " + report.LyveWritingErr
        : report.SourceDeleteErr.Length > 0 ? "deleting the source: " + report.SourceDeleteErr
        : report.VerifyResult is { } verdict ? VerdictText(verdict)
        : "failed";

    /// <summary>A report row's checksum with its algorithm ("md5 9e10…"), or a dash when the row has none.</summary>
    public static string ChecksumOf(string? checksum, string? algorithm) =>
        string.IsNullOrEmpty(checksum) ? "—" : string.IsNullOrEmpty(algorithm) ? checksum : $"{algorithm} {checksum}";

    private static string VerdictText(string verdict) => verdict switch
    {
        VerifyResult.Missing => "missing at the destination",
        VerifyResult.Differs => "differs between the two ends",
        VerifyResult.Extra => "only at the destination",
        _ => verdict,
    };
}
