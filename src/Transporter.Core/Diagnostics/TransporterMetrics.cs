using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Transporter.Core.Diagnostics;

/// <summary>
/// The platform's meter and instruments, created through the host's <see cref="IMeterFactory"/> (one per host, so
/// two hosts in one process, as in tests, count apart). Register with
/// <see cref="TransporterMetricsServiceCollectionExtensions.AddTransporterMetrics"/>; the API's GET /metrics exports
/// every meter whose name starts with "Transporter" in Prometheus text format (transporter_copy_objects_total,
/// transporter_s3_request_duration_seconds_bucket, ...).
/// </summary>
public sealed class TransporterMetrics
{
    public const string MeterName = "Transporter";

    public TransporterMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName, "1.0");
        ObjectsCopied = Meter.CreateCounter<long>("transporter.copy.objects", "{object}", "Objects copied successfully");
        BytesCopied = Meter.CreateCounter<long>("transporter.copy.bytes", "By", "Bytes copied to destinations");
        CopyFailures = Meter.CreateCounter<long>("transporter.copy.failures", "{object}", "Objects whose copy failed");
        S3Requests = Meter.CreateCounter<long>("transporter.s3.requests", "{request}", "S3 requests by operation and HTTP status");
        S3RequestDuration = Meter.CreateHistogram("transporter.s3.request.duration", "s", "S3 request duration by operation and HTTP status",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        S3BytesReceived = Meter.CreateCounter<long>("transporter.s3.received", "By", "Request body bytes the S3 store read, by operation");
        S3BytesSent = Meter.CreateCounter<long>("transporter.s3.sent", "By", "Response body bytes the S3 store wrote, by operation");
    }

    public Meter Meter { get; }

    /// <summary>Objects copied successfully.</summary>
    public Counter<long> ObjectsCopied { get; }

    /// <summary>Bytes written to destinations.</summary>
    public Counter<long> BytesCopied { get; }

    /// <summary>Objects whose copy failed (one per report row with an error).</summary>
    public Counter<long> CopyFailures { get; }

    /// <summary>S3 requests, tagged <c>operation</c> (GetObject, PutObject, ...) and <c>status</c> (HTTP status code).</summary>
    public Counter<long> S3Requests { get; }

    /// <summary>S3 request durations in seconds, tagged like <see cref="S3Requests"/>.</summary>
    public Histogram<double> S3RequestDuration { get; }

    /// <summary>Request body bytes read by the store (as sent: aws-chunked framing included), tagged <c>operation</c>.</summary>
    public Counter<long> S3BytesReceived { get; }

    /// <summary>Response body bytes written by the store (headers not included), tagged <c>operation</c>.</summary>
    public Counter<long> S3BytesSent { get; }

    /// <summary>Counts one S3 request, records its duration and the body bytes it <paramref name="received"/> and
    /// <paramref name="sent"/>.</summary>
    public void RecordS3Request(string operation, int status, TimeSpan duration, long received = 0, long sent = 0)
    {
        var tags = new TagList { { "operation", operation }, { "status", status } };
        S3Requests.Add(1, tags);
        S3RequestDuration.Record(duration.TotalSeconds, tags);
        var byOperation = new KeyValuePair<string, object?>("operation", operation);
        S3BytesReceived.Add(received, byOperation);
        S3BytesSent.Add(sent, byOperation);
    }
}
