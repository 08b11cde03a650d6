using CsvHelper.Configuration;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>CSV columns of <see cref="ObjectReport"/>, named as <see cref="ReportColumns"/>; the four error columns
/// only in the failed-transfers file. Reads report files back into <see cref="ObjectReport"/>s with CsvHelper.</summary>
public sealed class ObjectReportCsvMap : ClassMap<ObjectReport>
{
    public ObjectReportCsvMap(bool withErrors)
    {
        var index = 0;
        Map(r => r.SourceBucket).Name("sourceBucket").Index(index++);
        Map(r => r.DestinationBucket).Name("destinationBucket").Index(index++);
        Map(r => r.ObjectKey).Name("objectKey").Index(index++);
        Map(r => r.StartTime).Name("startTime").Index(index++).TypeConverter<UtcTimestampCsvConverter>();
        Map(r => r.ConnectionDuration).Name("connectionDuration").Index(index++);
        Map(r => r.CopyDuration).Name("copyDuration").Index(index++);
        Map(r => r.FinishTime).Name("finishTime").Index(index++).TypeConverter<UtcTimestampCsvConverter>();
        Map(r => r.BytesCopied).Name("bytesCopied").Index(index++);
        Map(r => r.SourceETag).Name("sourceETag").Index(index++);
        Map(r => r.DestinationETag).Name("destinationETag").Index(index++);
        Map(r => r.TagsCopied).Name("tagsCopied").Index(index++);
        Map(r => r.SystemMetadataCopied).Name("systemMetadataCopied").Index(index++);
        Map(r => r.UserMetadataCopied).Name("userMetadataCopied").Index(index++);
        Map(r => r.SseEnabled).Name("sseEnabled").Index(index++);
        // Empty cells of these optional columns read back as absent values.
        Map(r => r.SourceChecksum).Name("sourceChecksum").Index(index++).TypeConverterOption.NullValues(string.Empty);
        Map(r => r.DestinationChecksum).Name("destinationChecksum").Index(index++).TypeConverterOption.NullValues(string.Empty);
        Map(r => r.ChecksumAlgorithm).Name("checksumAlgorithm").Index(index++).TypeConverterOption.NullValues(string.Empty);
        Map(r => r.Verified).Name("verified").Index(index++);
        Map(r => r.BytesReused).Name("bytesReused").Index(index++);
        Map(r => r.VerifyResult).Name("verifyResult").Index(index++).TypeConverterOption.NullValues(string.Empty);
        if (!withErrors) return;
        Map(r => r.SourceReadingErr).Name("sourceReadingErr").Index(index++);
        Map(r => r.DestinationWritingErr).Name("destinationWritingErr").Index(index++);
        Map(r => r.LyveWritingErr).Name("lyveWritingErr").Index(index++);
        Map(r => r.SourceDeleteErr).Name("sourceDeleteErr").Index(index);
    }
}
