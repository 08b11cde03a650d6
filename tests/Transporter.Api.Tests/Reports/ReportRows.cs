using Transporter.Core.Reports;

namespace Transporter.Api.Tests.Reports;

/// <summary>Deterministic report rows, produced lazily like rows read from the database.</summary>
internal static class ReportRows
{
    public static readonly string[] AwkwardKeys =
    [
        "plain/key.txt", "with,comma", "with \"quotes\"", "line\nbreak", "carriage\r\nreturn", "  leading and trailing  ",
        "#not-a-comment", "ünïcödé/日本語/файл", "emoji/😀.png", "tab\tseparated", "semi;colon", "'single'", "",
    ];

    public static ObjectReport Row(int i)
    {
        var start = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(i * 1234.5);
        var failed = i % 7 == 3;
        return new ObjectReport
        {
            SourceBucket = "source-bucket",
            DestinationBucket = "destination-bucket",
            ObjectKey = i < AwkwardKeys.Length ? AwkwardKeys[i] : $"data/{i / 1000:D4}/object-{i:D7}.bin",
            StartTime = start,
            ConnectionDuration = i % 5 * 0.013,
            CopyDuration = i % 11 * 1.7 + 0.001,
            FinishTime = start.AddSeconds(i % 11 * 1.7),
            BytesCopied = failed ? 0 : (long)i * 4099 % 1_000_000_007,
            SourceETag = $"\"{i:x8}0123456789abcdef0123456789ab\"",
            DestinationETag = failed ? "" : $"\"{i:x8}0123456789abcdef0123456789ab\"",
            TagsCopied = i % 2 == 0,
            SystemMetadataCopied = i % 3 != 0,
            UserMetadataCopied = i % 4 != 0,
            SseEnabled = i % 6 == 0,
            SourceReadingErr = failed && i % 2 == 0 ? "nosuchkey: the specified key does not exist, status code: 404" : "",
            DestinationWritingErr = failed && i % 2 == 1 ? "AccessDenied: \"write\" refused,\nretry later" : "",
            LyveWritingErr = "",
            SourceDeleteErr = failed && i % 3 == 0 ? "delete failed: 503 SlowDown" : "",
            SourceChecksum = i % 4 == 1 ? null : $"{i:x8}0123456789abcdef01234567",
            DestinationChecksum = failed ? null : i % 5 == 0 ? $"{i:x8}0123456789abcdef01234567-3" : $"{i:x8}0123456789abcdef01234567",
            ChecksumAlgorithm = failed ? null : i % 5 == 0 ? "MD5-of-parts" : "MD5",
            Verified = failed ? null : i % 9 != 0,
            BytesReused = i % 13 == 0 ? i * 1024L : null,
            VerifyResult = i % 17 == 5 ? "differs" : null,
        };
    }

    public static async IAsyncEnumerable<ObjectReport> Stream(int count, Action<int>? onRow = null)
    {
        for (var i = 0; i < count; i++)
        {
            onRow?.Invoke(i);
            yield return Row(i);
            if (i % 10_000 == 0) await Task.Yield();
        }
    }
}
