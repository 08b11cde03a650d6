using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// Writes a migration's downloadable report bundle: a tar.gz of <see cref="SummaryFile"/>,
/// <see cref="SuccessfulTransfersFile"/> and <see cref="FailedTransfersFile"/>, each a CSV that starts with '#'
/// lines explaining every column and its unit. Rows stream through: each CSV is spooled to a temporary file next
/// to the destination (tar needs every entry's size up front), then appended to the archive, so memory stays flat
/// whatever the number of rows. The archive is written under a temporary name, flushed to disk and renamed, so the
/// destination path holds either the previous bundle or the complete new one, never half of one.
/// </summary>
public sealed class ReportBundleWriter(TimeProvider? time = null)
{
    public const string SummaryFile = "summary.csv";
    public const string SuccessfulTransfersFile = "successful-transfers.csv";
    public const string FailedTransfersFile = "failed-transfers.csv";

    /// <summary>Mirror syncs only: one row per destination object the source no longer has.</summary>
    public const string DeletionsFile = "deleted-at-destination.csv";

    /// <summary>allVersions migrations only: one row per version written, mapping source to destination version ids.</summary>
    public const string VersionsFile = "versions.csv";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Writes the bundle to <paramref name="destinationPath"/> (replacing an existing file) and returns what it
    /// holds. On failure or cancellation nothing is left behind but the previous file, if any. A mirror sync's
    /// <paramref name="deletions"/> become <see cref="DeletionsFile"/>.</summary>
    public async Task<ReportBundle> WriteAsync(
        MigrationReportSummary summary, IAsyncEnumerable<ObjectReport> reports, string destinationPath,
        IAsyncEnumerable<DeletionReport>? deletions = null, IAsyncEnumerable<VersionCopy>? versions = null, CancellationToken ct = default)
    {
        var destination = Path.GetFullPath(destinationPath);
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}");
        var spooled = new[] { (SummaryFile, $"{stem}.summary.tmp"), (SuccessfulTransfersFile, $"{stem}.ok.tmp"), (FailedTransfersFile, $"{stem}.failed.tmp") };
        var archive = $"{stem}.tar.gz.tmp";
        try
        {
            var generatedAt = _time.GetUtcNow();
            var counts = await SpoolTransfersAsync(summary, reports, spooled[1].Item2, spooled[2].Item2, generatedAt, ct).ConfigureAwait(false);
            if (deletions is not null)
            {
                spooled = [.. spooled, (DeletionsFile, $"{stem}.deleted.tmp")];
                await SpoolDeletionsAsync(summary, deletions, spooled[^1].Item2, generatedAt, ct).ConfigureAwait(false);
            }
            if (versions is not null)
            {
                spooled = [.. spooled, (VersionsFile, $"{stem}.versions.tmp")];
                await SpoolVersionsAsync(summary, versions, spooled[^1].Item2, generatedAt, ct).ConfigureAwait(false);
            }
            WriteSummary(spooled[0].Item2, summary, counts, generatedAt);
            var size = await WriteArchiveAsync(archive, spooled, generatedAt, ct).ConfigureAwait(false);
            File.Move(archive, destination, overwrite: true);
            return new ReportBundle(destination, counts.Succeeded, counts.Failed, counts.Bytes, size);
        }
        finally
        {
            foreach (var (_, path) in spooled) File.Delete(path);
            File.Delete(archive);
        }
    }

    private static async Task<RowCounts> SpoolTransfersAsync(
        MigrationReportSummary summary, IAsyncEnumerable<ObjectReport> reports, string successPath, string failedPath,
        DateTimeOffset generatedAt, CancellationToken ct)
    {
        long succeeded = 0, failed = 0, bytes = 0;
        using var successCsv = OpenCsv(successPath);
        using var failedCsv = OpenCsv(failedPath);
        IReadOnlyList<ReportColumn> failedColumns = [.. ReportColumns.Transfer, .. ReportColumns.Errors];
        WriteHeader(successCsv, "successful transfers", "One row per object transferred without error.", summary, generatedAt, ReportColumns.Transfer);
        WriteHeader(failedCsv, "failed transfers", "One row per object whose transfer failed at some step; the error columns say which and why.",
            summary, generatedAt, failedColumns);
        WriteHeaderRow(successCsv, ReportColumns.Transfer);
        WriteHeaderRow(failedCsv, failedColumns);

        await foreach (var report in reports.WithCancellation(ct).ConfigureAwait(false))
        {
            if (report.Succeeded)
            {
                successCsv.WriteReport(report, withErrors: false);
                succeeded++;
            }
            else
            {
                failedCsv.WriteReport(report, withErrors: true);
                failed++;
            }
            bytes += report.BytesCopied;
        }
        successCsv.Flush();
        failedCsv.Flush();
        return new RowCounts(succeeded, failed, bytes);
    }

    private static async Task SpoolDeletionsAsync(MigrationReportSummary summary, IAsyncEnumerable<DeletionReport> deletions, string path,
        DateTimeOffset generatedAt, CancellationToken ct)
    {
        using var csv = OpenCsv(path);
        WriteHeader(csv, "deleted at the destination", "One row per object the destination had and the source no longer has (a mirror sync); " +
            "the outcome column says whether it was deleted.", summary, generatedAt, ReportColumns.Deletions);
        WriteHeaderRow(csv, ReportColumns.Deletions);
        await foreach (var row in deletions.WithCancellation(ct).ConfigureAwait(false))
        {
            csv.WriteField(summary.DestinationBucket);
            csv.WriteField(row.ObjectKey);
            csv.WriteField(row.Size);
            csv.WriteField(row.ETag);
            csv.WriteField(row.LastModified);
            csv.WriteField(row.Status);
            csv.WriteField(row.FinishedAt is { } finished ? UtcTimestamp.ToText(finished) : "");
            csv.WriteField(row.Error);
            csv.EndRow();
        }
        csv.Flush();
    }

    private static async Task SpoolVersionsAsync(MigrationReportSummary summary, IAsyncEnumerable<VersionCopy> versions, string path,
        DateTimeOffset generatedAt, CancellationToken ct)
    {
        using var csv = OpenCsv(path);
        WriteHeader(csv, "versions", "One row per object version written (an allVersions migration), each key's versions oldest first: " +
            "the source's version id and the one it became at the destination.", summary, generatedAt, ReportColumns.Versions);
        WriteHeaderRow(csv, ReportColumns.Versions);
        await foreach (var row in versions.WithCancellation(ct).ConfigureAwait(false))
        {
            csv.WriteField(row.ObjectKey);
            csv.WriteField(row.Seq);
            csv.WriteField(row.SourceVersionId);
            csv.WriteField(row.DestinationVersionId ?? "");
            csv.WriteField(row.DeleteMarker);
            csv.WriteField(row.Size);
            csv.WriteField(row.SourceETag);
            csv.WriteField(row.DestinationETag);
            csv.WriteField(row.FinishedAt);
            csv.WriteField(row.Error);
            csv.EndRow();
        }
        csv.Flush();
    }

    private static void WriteSummary(string path, MigrationReportSummary summary, RowCounts counts, DateTimeOffset generatedAt)
    {
        using var csv = OpenCsv(path);
        WriteHeader(csv, "summary", "One row describing the migration and counting the rows of the other two files.", summary, generatedAt, ReportColumns.Summary);
        WriteHeaderRow(csv, ReportColumns.Summary);
        csv.WriteField(summary.MigrationId.ToString());
        csv.WriteField(summary.Root);
        csv.WriteField(summary.Source);
        csv.WriteField(summary.Destination);
        csv.WriteField((int)summary.State);
        csv.WriteField(summary.State.Description());
        csv.WriteField(summary.StartTime is { } start ? UtcTimestamp.ToText(start) : "");
        csv.WriteField(summary.FinishTime is { } finish ? UtcTimestamp.ToText(finish) : "");
        csv.WriteField(counts.Succeeded + counts.Failed);
        csv.WriteField(counts.Succeeded);
        csv.WriteField(counts.Failed);
        csv.WriteField(counts.Bytes);
        csv.WriteField(generatedAt);
        csv.EndRow();
    }

    private static ReportCsvWriter OpenCsv(string path)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        return new ReportCsvWriter(new StreamWriter(file, Utf8, bufferSize: 1 << 16));
    }

    private static void WriteHeaderRow(ReportCsvWriter csv, IReadOnlyList<ReportColumn> columns)
    {
        foreach (var column in columns) csv.WriteField(column.Name);
        csv.EndRow();
    }

    private static void WriteHeader(
        ReportCsvWriter csv, string title, string rows, MigrationReportSummary summary, DateTimeOffset generatedAt, IReadOnlyList<ReportColumn> columns)
    {
        csv.WriteComment($" Transporter migration report: {title}");
        csv.WriteComment($" Migration {summary.MigrationId} of root {summary.Root}, generated {UtcTimestamp.ToText(generatedAt)}.");
        csv.WriteComment($" {rows}");
        csv.WriteComment(" Lines starting with '#' are this explanation; then comes a header row and the rows (RFC 4180 CSV, UTF-8):");
        foreach (var column in columns) csv.WriteComment($"   {column.Name}: {column.Description}");
    }

    private static async Task<long> WriteArchiveAsync(string archive, (string Name, string Path)[] entries, DateTimeOffset time, CancellationToken ct)
    {
        await using var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, path) in entries)
            {
                await using var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = data,
                    ModificationTime = time,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            }
        }
        await file.FlushAsync(ct).ConfigureAwait(false);
        file.Flush(flushToDisk: true); // durable before the rename makes it visible
        return file.Length;
    }

    private readonly record struct RowCounts(long Succeeded, long Failed, long Bytes);
}
