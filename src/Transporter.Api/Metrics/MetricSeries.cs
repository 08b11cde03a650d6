namespace Transporter.Api.Metrics;

/// <summary>One label set of one instrument: a value (counters, gauges) or bucket counts, sum and count (histograms).</summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, int bucketCount)
{
    private readonly long[] _buckets = new long[bucketCount];
    private double _value;
    private double _sum;
    private long _count;

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public void Add(double value)
    {
        lock (this) _value += value;
    }

    public void Set(double value)
    {
        lock (this) _value = value;
    }

    public void Observe(double value, double[] bounds)
    {
        var index = Array.BinarySearch(bounds, value);
        if (index < 0) index = ~index; // first bound >= value: Prometheus buckets are "less than or equal"
        lock (this)
        {
            _buckets[index]++;
            _sum += value;
            _count++;
        }
    }

    public (double Value, long[] Buckets, double Sum, long Count) Snapshot()
    {
        lock (this) return (_value, (long[])_buckets.Clone(), _sum, _count);
    }
}
