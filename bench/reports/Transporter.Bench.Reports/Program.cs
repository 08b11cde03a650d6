using System.Diagnostics;
using Transporter.Api.Reports;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;

// usage: Transporter.Bench.Reports <rows> <bundle.tar.gz>
if (args.Length != 2 || !int.TryParse(args[0], out var rows))
{
    Console.Error.WriteLine("usage: Transporter.Bench.Reports <rows> <bundle.tar.gz>");
    return 2;
}

var summary = new MigrationReportSummary
{
    MigrationId = Guid.Parse("7684fbee-f67a-4c45-b39f-0993da74c1ce"),
    Root = "bench-root",
    Source = "s3v4 http://127.0.0.1:9000 source-bucket/",
    Destination = "aws https://s3.amazonaws.com destination-bucket",
    State = MigrationState.CompletedWithErrors,
    StartTime = DateTimeOffset.UtcNow.AddHours(-1),
    FinishTime = DateTimeOffset.UtcNow,
};
var clock = Stopwatch.StartNew();
var bundle = await new ReportBundleWriter().WriteAsync(summary, Rows(rows), args[1]);
Console.WriteLine($"rows={rows} succeeded={bundle.ObjectsSucceeded} failed={bundle.ObjectsFailed} size={bundle.SizeBytes} seconds={clock.Elapsed.TotalSeconds:F2}");
return 0;

// Rows as the database would stream them: realistic keys, ETags, times; one in fifty failed.
static async IAsyncEnumerable<ObjectReport> Rows(int count)
{
    var start = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    for (var i = 0; i < count; i++)
    {
        var failed = i % 50 == 7;
        var etag = $"\"{(uint)(i * 2654435761):x8}{(uint)(i * 40503):x8}{i:x8}{(uint)~i:x8}\"";
        var began = start.AddMilliseconds(i * 37.5);
        yield return new ObjectReport
        {
            SourceBucket = "source-bucket",
            DestinationBucket = "destination-bucket",
            ObjectKey = $"projects/{i % 97:D2}/datasets/{i / 1000:D5}/part-{i:D8}.parquet",
            StartTime = began,
            ConnectionDuration = i % 13 * 0.0123,
            CopyDuration = i % 101 * 0.0457,
            FinishTime = began.AddMilliseconds(i % 101 * 45.7),
            BytesCopied = failed ? 0 : 1024L * (i % 4096) + i % 1000,
            SourceETag = etag,
            DestinationETag = failed ? "" : etag,
            TagsCopied = true,
            SystemMetadataCopied = true,
            UserMetadataCopied = i % 3 != 0,
            SseEnabled = i % 2 == 0,
            SourceReadingErr = failed ? "nosuchkey: the specified key does not exist status code: 404, request id: , host id: " : "",
        };
        if (i % 50_000 == 0) await Task.Yield();
    }
}
