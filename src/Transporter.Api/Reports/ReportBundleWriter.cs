using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
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

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Writes the bundle to <paramref name="destinationPath"/> (replacing an existing file) and returns what it
    /// holds. On failure or cancellation nothing is left behind but the previous file, if any.</summary>
    public async Task<ReportBundle> WriteAsync(
        MigrationReportSummary summary, IAsyncEnumerable<ObjectReport> reports, string destinationPath, CancellationToken ct = default)
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
        using var successCsv = OpenCsv(successPath, withErrors: false);
        using var failedCsv = OpenCsv(failedPath, withErrors: true);
        WriteHeader(successCsv, "successful transfers", "One row per object transferred without error.", summary, generatedAt, ReportColumns.Transfer);
        WriteHeader(failedCsv, "failed transfers", "One row per object whose transfer failed at some step; the error columns say which and why.",
            summary, generatedAt, [.. ReportColumns.Transfer, .. ReportColumns.Errors]);
        successCsv.WriteHeader<ObjectReport>();
        successCsv.NextRecord();
        failedCsv.WriteHeader<ObjectReport>();
        failedCsv.NextRecord();

        await foreach (var report in reports.WithCancellation(ct).ConfigureAwait(false))
        {
            var csv = report.Succeeded ? successCsv : failedCsv;
            csv.WriteRecord(report);
            csv.NextRecord();
            if (report.Succeeded) succeeded++;
            else failed++;
            bytes += report.BytesCopied;
        }
        successCsv.Flush();
        failedCsv.Flush();
        return new RowCounts(succeeded, failed, bytes);
    }

    private static void WriteSummary(string path, MigrationReportSummary summary, RowCounts counts, DateTimeOffset generatedAt)
    {
        using var csv = OpenCsv(path, withErrors: false);
        WriteHeader(csv, "summary", "One row describing the migration and counting the rows of the other two files.", summary, generatedAt, ReportColumns.Summary);
        foreach (var column in ReportColumns.Summary) csv.WriteField(column.Name);
        csv.NextRecord();
        string[] values =
        [
            summary.MigrationId.ToString(), summary.Root, summary.Source, summary.Destination,
            ((int)summary.State).ToString(CultureInfo.InvariantCulture), summary.State.Description(),
            summary.StartTime is { } start ? UtcTimestamp.ToText(start) : "",
            summary.FinishTime is { } finish ? UtcTimestamp.ToText(finish) : "",
            (counts.Succeeded + counts.Failed).ToString(CultureInfo.InvariantCulture),
            counts.Succeeded.ToString(CultureInfo.InvariantCulture), counts.Failed.ToString(CultureInfo.InvariantCulture),
            counts.Bytes.ToString(CultureInfo.InvariantCulture), UtcTimestamp.ToText(generatedAt),
        ];
        foreach (var value in values) csv.WriteField(value);
        csv.NextRecord();
    }

    private static CsvWriter OpenCsv(string path, bool withErrors)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        var csv = new CsvWriter(new StreamWriter(file, Utf8, bufferSize: 1 << 16), ReportCsv.Configuration());
        csv.Context.RegisterClassMap(new ObjectReportCsvMap(withErrors));
        return csv;
    }

    private static void WriteHeader(
        CsvWriter csv, string title, string rows, MigrationReportSummary summary, DateTimeOffset generatedAt, IReadOnlyList<ReportColumn> columns)
    {
        Comment(csv, $" Transporter migration report: {title}");
        Comment(csv, $" Migration {summary.MigrationId} of root {summary.Root}, generated {UtcTimestamp.ToText(generatedAt)}.");
        Comment(csv, $" {rows}");
        Comment(csv, " Lines starting with '#' are this explanation; then comes a header row and the rows (RFC 4180 CSV, UTF-8):");
        foreach (var column in columns) Comment(csv, $"   {column.Name}: {column.Description}");
    }

    private static void Comment(CsvWriter csv, string text)
    {
        csv.WriteComment(text);
        csv.NextRecord();
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
