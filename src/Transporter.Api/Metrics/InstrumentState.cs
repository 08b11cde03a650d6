using System.Diagnostics.Metrics;
using System.Globalization;

namespace Transporter.Api.Metrics;

/// <summary>What the exporter keeps of one instrument: its Prometheus name, type and help, and its series by label set.</summary>
internal sealed class InstrumentState
{
    // Prometheus' defaults, for durations in seconds; OpenTelemetry's, for anything else.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly bool _cumulative;

    private InstrumentState(Instrument instrument, MetricKind kind, bool cumulative, double[] bounds)
    {
        Kind = kind;
        _cumulative = cumulative;
        Bounds = bounds;
        Name = PrometheusNames.Metric(instrument.Name, instrument.Unit, kind == MetricKind.Counter);
        Help = instrument.Description ?? instrument.Name;
    }

    public string Name { get; }
    public string Help { get; }
    public MetricKind Kind { get; }
    public double[] Bounds { get; }

    /// <summary>The state for an instrument type Prometheus can show, or null.</summary>
    public static InstrumentState? For(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        if (definition == typeof(Counter<>)) return new(instrument, MetricKind.Counter, false, []);
        // Observable instruments report running totals or current values: keep the last one.
        if (definition == typeof(ObservableCounter<>)) return new(instrument, MetricKind.Counter, true, []);
        if (definition == typeof(UpDownCounter<>)) return new(instrument, MetricKind.Gauge, false, []);
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
            return new(instrument, MetricKind.Gauge, true, []);
        if (definition == typeof(Histogram<>))
            return new(instrument, MetricKind.Histogram, false, BucketsOf(instrument));
        return null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = SeriesFor(tags);
        if (Kind == MetricKind.Histogram) series.Observe(value, Bounds);
        else if (_cumulative) series.Set(value);
        else series.Add(value);
    }

    public IReadOnlyList<MetricSeries> Series()
    {
        lock (_series) return [.. _series.Values];
    }

    private MetricSeries SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            labels[i] = KeyValuePair.Create(PrometheusNames.Label(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
        lock (_series)
        {
            if (!_series.TryGetValue(key, out var series))
                _series[key] = series = new MetricSeries(labels, Kind == MetricKind.Histogram ? Bounds.Length + 1 : 0);
            return series;
        }
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 }) return [.. advised.Order()];
        return instrument.Unit == "s" ? SecondsBuckets : DefaultBuckets;
    }
}
