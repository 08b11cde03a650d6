using System.Globalization;
using CsvHelper;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// Writes the report files' CSV dialect (<see cref="ReportCsv"/>: RFC 4180 with CRLF, UTF-8, invariant culture,
/// '#' explanation lines) through CsvHelper, field by field: no reflection or type-converter lookup per row, since it
/// runs once per object of a migration (millions of rows per bundle). Numbers are formatted here, invariantly, and
/// written unquoted; text fields follow <see cref="ReportCsv"/>'s quoting rule. Read the files back with
/// <see cref="ReportCsv"/> and <see cref="ObjectReportCsvMap"/>.
/// </summary>
public sealed class ReportCsvWriter(TextWriter writer) : IDisposable
{
    private readonly CsvWriter _csv = new(writer, ReportCsv.Configuration());

    /// <summary>One explanation line: '#' and the text (which must hold no line break).</summary>
    public void WriteComment(string text)
    {
        _csv.WriteComment(text);
        _csv.NextRecord();
    }

    public void WriteField(string value) => _csv.WriteField(value);

    public void WriteField(long value) => _csv.WriteField(value.ToString(CultureInfo.InvariantCulture), shouldQuote: false);

    /// <summary>The shortest text that reads back as the same double ("0.0123").</summary>
    public void WriteField(double value) => _csv.WriteField(value.ToString(CultureInfo.InvariantCulture), shouldQuote: false);

    /// <summary>True or False.</summary>
    public void WriteField(bool value) => _csv.WriteField(value ? "True" : "False", shouldQuote: false);

    /// <summary>UTC ISO-8601 (<see cref="UtcTimestamp"/>), as in the API's JSON.</summary>
    public void WriteField(DateTimeOffset value) => _csv.WriteField(UtcTimestamp.ToText(value), shouldQuote: false);

    public void EndRow() => _csv.NextRecord();

    /// <summary>One object's row: the <see cref="ReportColumns.Transfer"/> fields, then the
    /// <see cref="ReportColumns.Errors"/> when <paramref name="withErrors"/>.</summary>
    public void WriteReport(ObjectReport report, bool withErrors)
    {
        WriteField(report.SourceBucket);
        WriteField(report.DestinationBucket);
        WriteField(report.ObjectKey);
        WriteField(report.StartTime);
        WriteField(report.ConnectionDuration);
        WriteField(report.CopyDuration);
        WriteField(report.FinishTime);
        WriteField(report.BytesCopied);
        WriteField(report.SourceETag);
        WriteField(report.DestinationETag);
        WriteField(report.TagsCopied);
        WriteField(report.SystemMetadataCopied);
        WriteField(report.UserMetadataCopied);
        WriteField(report.SseEnabled);
        WriteField(report.SourceChecksum ?? "");
        WriteField(report.DestinationChecksum ?? "");
        WriteField(report.ChecksumAlgorithm ?? "");
        if (report.Verified is { } verified) WriteField(verified);
        else WriteField("");
        WriteField(report.BytesReused is { } reused ? reused.ToString(CultureInfo.InvariantCulture) : "");
        WriteField(report.VerifyResult ?? "");
        if (withErrors)
        {
            WriteField(report.SourceReadingErr);
            WriteField(report.DestinationWritingErr);
            WriteField(report.LyveWritingErr);
            WriteField(report.SourceDeleteErr);
        }
        EndRow();
    }

    public void Flush() => _csv.Flush();

    public void Dispose() => _csv.Dispose();
}
