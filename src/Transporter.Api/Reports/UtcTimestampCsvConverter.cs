using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>Report times in CSV exactly as in JSON (<see cref="UtcTimestamp"/>).</summary>
public sealed class UtcTimestampCsvConverter : DefaultTypeConverter
{
    public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is DateTimeOffset time ? UtcTimestamp.ToText(time) : "";

    public override object ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        UtcTimestamp.Parse(text ?? "");
}
