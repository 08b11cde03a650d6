using System.Globalization;
using CsvHelper.Configuration;

namespace Transporter.Api.Reports;

/// <summary>The CSV dialect of report files: RFC 4180 (CRLF, fields quoted when they hold a comma, quote or line
/// break), UTF-8, invariant culture, explanatory header lines starting with '#'. <see cref="ReportCsvWriter"/> writes
/// it; this CsvHelper configuration (with <see cref="ObjectReportCsvMap"/>) reads the files back.</summary>
public static class ReportCsv
{
    public static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        AllowComments = true,
        Comment = '#',
        // A row whose first field began with '#' would read back as a comment line.
        ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args) || args.Field?.StartsWith('#') == true,
    };
}
