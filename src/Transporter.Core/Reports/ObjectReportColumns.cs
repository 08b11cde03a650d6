using System.Data.Common;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Core.Reports;

/// <summary>
/// Reads <see cref="ObjectReport"/>s from a data reader over <see cref="ObjectReportSql.Select"/>, by column
/// ordinals looked up once per query: typed getters per field, no intermediate row object, because a bundle reads
/// millions of rows.
/// </summary>
internal sealed class ObjectReportColumns
{
    private readonly int _key, _sourceBucket, _destinationBucket, _startTime, _connectionDuration, _copyDuration, _finishTime, _bytesCopied,
        _sourceETag, _destinationETag, _tagsCopied, _systemMetadataCopied, _userMetadataCopied, _sseEnabled, _sourceReadingErr,
        _destinationWritingErr, _lyveWritingErr, _sourceDeleteErr, _verifyResult, _sourceChecksum, _destinationChecksum, _checksumAlgorithm,
        _verified, _bytesReused;

    private ObjectReportColumns(DbDataReader reader)
    {
        _key = reader.GetOrdinal("ObjectKey");
        _sourceBucket = reader.GetOrdinal("SourceBucket");
        _destinationBucket = reader.GetOrdinal("DestinationBucket");
        _startTime = reader.GetOrdinal("StartTime");
        _connectionDuration = reader.GetOrdinal("ConnectionDuration");
        _copyDuration = reader.GetOrdinal("CopyDuration");
        _finishTime = reader.GetOrdinal("FinishTime");
        _bytesCopied = reader.GetOrdinal("BytesCopied");
        _sourceETag = reader.GetOrdinal("SourceETag");
        _destinationETag = reader.GetOrdinal("DestinationETag");
        _tagsCopied = reader.GetOrdinal("TagsCopied");
        _systemMetadataCopied = reader.GetOrdinal("SystemMetadataCopied");
        _userMetadataCopied = reader.GetOrdinal("UserMetadataCopied");
        _sseEnabled = reader.GetOrdinal("SseEnabled");
        _sourceReadingErr = reader.GetOrdinal("SourceReadingErr");
        _destinationWritingErr = reader.GetOrdinal("DestinationWritingErr");
        _lyveWritingErr = reader.GetOrdinal("LyveWritingErr");
        _sourceDeleteErr = reader.GetOrdinal("SourceDeleteErr");
        _verifyResult = reader.GetOrdinal("VerifyResult");
        _sourceChecksum = reader.GetOrdinal("SourceChecksum");
        _destinationChecksum = reader.GetOrdinal("DestinationChecksum");
        _checksumAlgorithm = reader.GetOrdinal("ChecksumAlgorithm");
        _verified = reader.GetOrdinal("Verified");
        _bytesReused = reader.GetOrdinal("BytesReused");
    }

    public static ObjectReportColumns Of(DbDataReader reader) => new(reader);

    public ObjectReport Read(DbDataReader r) => new()
    {
        ObjectKey = r.GetString(_key),
        SourceBucket = r.GetString(_sourceBucket),
        DestinationBucket = r.GetString(_destinationBucket),
        StartTime = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(_startTime)),
        ConnectionDuration = r.GetDouble(_connectionDuration),
        CopyDuration = r.GetDouble(_copyDuration),
        FinishTime = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(_finishTime)),
        BytesCopied = r.GetInt64(_bytesCopied),
        SourceETag = r.GetString(_sourceETag),
        DestinationETag = r.GetString(_destinationETag),
        TagsCopied = r.GetBoolean(_tagsCopied),
        SystemMetadataCopied = r.GetBoolean(_systemMetadataCopied),
        UserMetadataCopied = r.GetBoolean(_userMetadataCopied),
        SseEnabled = r.GetBoolean(_sseEnabled),
        SourceReadingErr = r.GetString(_sourceReadingErr),
        DestinationWritingErr = r.GetString(_destinationWritingErr),
        LyveWritingErr = r.GetString(_lyveWritingErr),
        SourceDeleteErr = r.GetString(_sourceDeleteErr),
        VerifyResult = r.IsDBNull(_verifyResult) ? null : r.GetString(_verifyResult),
        SourceChecksum = r.IsDBNull(_sourceChecksum) ? null : r.GetString(_sourceChecksum),
        DestinationChecksum = r.IsDBNull(_destinationChecksum) ? null : r.GetString(_destinationChecksum),
        ChecksumAlgorithm = r.IsDBNull(_checksumAlgorithm) ? null : r.GetString(_checksumAlgorithm),
        Verified = r.IsDBNull(_verified) ? null : r.GetBoolean(_verified),
        BytesReused = r.IsDBNull(_bytesReused) ? null : r.GetInt64(_bytesReused),
    };
}
