using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Transporter.Core.Diagnostics;

/// <summary>
/// The platform's meter and instruments. Any part records into them (they are process-wide, like the runtime's own
/// meters); the API's GET /metrics exports every meter whose name starts with "Transporter" in Prometheus text
/// format (transporter_copy_objects_total, transporter_s3_request_duration_seconds_bucket, ...).
/// </summary>
public static class TransporterMetrics
{
    public const string MeterName = "Transporter";

    public static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Objects copied successfully.</summary>
    public static readonly Counter<long> ObjectsCopied =
        Meter.CreateCounter<long>("transporter.copy.objects", "{object}", "Objects copied successfully");

    /// <summary>Bytes written to destinations.</summary>
    public static readonly Counter<long> BytesCopied =
        Meter.CreateCounter<long>("transporter.copy.bytes", "By", "Bytes copied to destinations");

    /// <summary>Objects whose copy failed (one per report row with an error).</summary>
    public static readonly Counter<long> CopyFailures =
        Meter.CreateCounter<long>("transporter.copy.failures", "{object}", "Objects whose copy failed");

    /// <summary>S3 requests, tagged <c>operation</c> (GetObject, PutObject, ...) and <c>status</c> (HTTP status code).</summary>
    public static readonly Counter<long> S3Requests =
        Meter.CreateCounter<long>("transporter.s3.requests", "{request}", "S3 requests by operation and HTTP status");

    /// <summary>S3 request durations in seconds, tagged like <see cref="S3Requests"/>.</summary>
    public static readonly Histogram<double> S3RequestDuration =
        Meter.CreateHistogram("transporter.s3.request.duration", "s", "S3 request duration by operation and HTTP status",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    /// <summary>Counts one S3 request and records its duration.</summary>
    public static void RecordS3Request(string operation, int status, TimeSpan duration)
    {
        var tags = new TagList { { "operation", operation }, { "status", status } };
        S3Requests.Add(1, tags);
        S3RequestDuration.Record(duration.TotalSeconds, tags);
    }
}
