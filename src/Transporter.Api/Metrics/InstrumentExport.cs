using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus;

namespace Transporter.Api.Metrics;

/// <summary>
/// One System.Diagnostics.Metrics instrument as a prometheus-net metric: counters as counters (observable ones set to
/// their running total), up-down counters and gauges as gauges, histograms as histograms with the instrument's advised
/// buckets. prometheus-net aggregates and writes the text; this only says which metric a measurement goes to.
/// </summary>
internal sealed class InstrumentExport
{
    // Prometheus' defaults, for durations in seconds; OpenTelemetry's, for anything else.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private enum Shape { Counter, ObservedCounter, Gauge, ObservedGauge, Histogram }

    private readonly IMetricFactory _factory;
    private readonly Shape _shape;
    private readonly double[] _buckets;
    private readonly string _name;
    private readonly string _help;

    /// <summary>The metric per set of label names: an instrument's tags may differ between measurements.</summary>
    private readonly ConcurrentDictionary<string, Collector> _metrics = new(StringComparer.Ordinal);

    private InstrumentExport(IMetricFactory factory, Instrument instrument, Shape shape, double[] buckets)
    {
        _factory = factory;
        _shape = shape;
        _buckets = buckets;
        _name = PrometheusNames.Metric(instrument.Name, instrument.Unit, shape is Shape.Counter or Shape.ObservedCounter);
        // prometheus-net 8.2.1 writes HELP text as it is: a raw newline would end the line and break the page.
        _help = (instrument.Description ?? instrument.Name).Replace("\\", @"\\").Replace("\n", @"\n");
    }

    /// <summary>The export of an instrument type Prometheus can show, or null.</summary>
    public static InstrumentExport? For(Instrument instrument, IMetricFactory factory)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        Shape? shape =
            definition == typeof(Counter<>) ? Shape.Counter
            // Observable instruments report running totals or current values.
            : definition == typeof(ObservableCounter<>) ? Shape.ObservedCounter
            : definition == typeof(UpDownCounter<>) ? Shape.Gauge
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? Shape.ObservedGauge
            : definition == typeof(Histogram<>) ? Shape.Histogram
            : null;
        return shape is { } s ? new(factory, instrument, s, s == Shape.Histogram ? BucketsOf(instrument) : []) : null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            labels[i] = KeyValuePair.Create(PrometheusNames.Label(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        // prometheus-net ties values to label names by position: one order for every measurement.
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var names = labels.Select(l => l.Key).ToArray();
        var values = labels.Select(l => l.Value).ToArray();
        try
        {
            var metric = _metrics.GetOrAdd(string.Join('\u0001', names), _ => Create(names));
            switch (metric)
            {
                case Counter counter when _shape == Shape.ObservedCounter: counter.WithLabels(values).IncTo(value); break;
                case Counter counter: counter.WithLabels(values).Inc(value); break;
                case Gauge gauge when _shape == Shape.ObservedGauge: gauge.WithLabels(values).Set(value); break;
                case Gauge gauge: gauge.WithLabels(values).Inc(value); break;
                case Histogram histogram: histogram.WithLabels(values).Observe(value); break;
            }
        }
        catch (ArgumentException)
        {
            // A measurement Prometheus cannot hold (a negative counter increment, a histogram tag named "le") is
            // dropped: recording a metric must never fail the operation it measures.
        }
    }

    private Collector Create(string[] labelNames) => _shape switch
    {
        Shape.Counter or Shape.ObservedCounter => _factory.CreateCounter(_name, _help, labelNames),
        Shape.Gauge or Shape.ObservedGauge => _factory.CreateGauge(_name, _help, labelNames),
        _ => _factory.CreateHistogram(_name, _help, labelNames, new HistogramConfiguration { Buckets = _buckets }),
    };

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
