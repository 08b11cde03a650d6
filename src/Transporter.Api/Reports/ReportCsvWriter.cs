using System.Buffers;
using System.Globalization;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// Writes the report files' CSV dialect (<see cref="ReportCsv"/>: RFC 4180 with CRLF, UTF-8, invariant culture,
/// '#' explanation lines), field by field straight into a <see cref="TextWriter"/>. A field is quoted, its quotes
/// doubled, when it holds a comma, a quote or a line break, starts or ends with a space, or starts with '#' (it would
/// read back as a comment). Written by hand rather than through a general CSV library because it runs once per
/// object of a migration: millions of rows per bundle. Read the files back with <see cref="ReportCsv"/> and
/// <see cref="ObjectReportCsvMap"/>.
/// </summary>
public sealed class ReportCsvWriter(TextWriter writer) : IDisposable
{
    private static readonly SearchValues<char> Special = SearchValues.Create(",\"\r\n");
    private readonly char[] _number = new char[32];
    private bool _inRow;

    /// <summary>One explanation line: '#' and the text (which must hold no line break).</summary>
    public void WriteComment(string text)
    {
        writer.Write('#');
        writer.Write(text);
        writer.Write("\r\n");
    }

    public void WriteField(string value)
    {
        Separate();
        if (!NeedsQuotes(value))
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        var rest = value.AsSpan();
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            writer.Write(rest[..(quote + 1)]);
            writer.Write('"');
            rest = rest[(quote + 1)..];
        }
        writer.Write(rest);
        writer.Write('"');
    }

    public void WriteField(long value)
    {
        Separate();
        value.TryFormat(_number, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(_number, 0, length);
    }

    /// <summary>The shortest text that reads back as the same double ("0.0123").</summary>
    public void WriteField(double value)
    {
        Separate();
        value.TryFormat(_number, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(_number, 0, length);
    }

    /// <summary>True or False.</summary>
    public void WriteField(bool value)
    {
        Separate();
        writer.Write(value ? "True" : "False");
    }

    /// <summary>UTC ISO-8601 (<see cref="UtcTimestamp"/>), as in the API's JSON.</summary>
    public void WriteField(DateTimeOffset value) => WriteField(UtcTimestamp.ToText(value));

    public void EndRow()
    {
        writer.Write("\r\n");
        _inRow = false;
    }

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
        if (withErrors)
        {
            WriteField(report.SourceReadingErr);
            WriteField(report.DestinationWritingErr);
            WriteField(report.LyveWritingErr);
            WriteField(report.SourceDeleteErr);
        }
        EndRow();
    }

    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    internal static bool NeedsQuotes(string value) =>
        value.Length > 0 && (value[0] is ' ' or '#' || value[^1] == ' ' || value.AsSpan().IndexOfAny(Special) >= 0);

    private void Separate()
    {
        if (_inRow) writer.Write(',');
        _inRow = true;
    }
}
