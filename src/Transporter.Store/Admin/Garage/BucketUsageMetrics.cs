using System.Diagnostics.Metrics;
using Transporter.Core.Diagnostics;
using Transporter.Store.Engine;

namespace Transporter.Store.Admin.Garage;

/// <summary>Objects and bytes per bucket as gauges (transporter_store_bucket_objects{bucket=..}, ..._bytes), read from
/// the engine's running totals when /metrics is scraped.</summary>
public sealed class BucketUsageMetrics
{
    public BucketUsageMetrics(TransporterMetrics metrics, StorageEngine engine)
    {
        metrics.Meter.CreateObservableGauge("transporter.store.bucket.objects", () => Usage(engine, bytes: false), "{object}", "Objects per bucket");
        metrics.Meter.CreateObservableGauge("transporter.store.bucket.bytes", () => Usage(engine, bytes: true), "By", "Bytes per bucket (every version)");
    }

    private static IEnumerable<Measurement<long>> Usage(StorageEngine engine, bool bytes)
    {
        foreach (var bucket in engine.AllBuckets())
        {
            Engine.Model.BucketUsage? usage;
            try
            {
                usage = engine.GetBucketUsage(bucket.Owner, bucket.Name);
            }
            catch (StoreException)
            {
                usage = null; // deleted while listing
            }
            if (usage is { } v) yield return new Measurement<long>(bytes ? v.Bytes : v.Objects, new KeyValuePair<string, object?>("bucket", bucket.Name));
        }
    }
}
