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

    /// <summary>The labelled series (prometheus-net's child) per tag list as measured ("name=value" pairs in the order
    /// given), looked up without allocating: every S3 request records four measurements, and resolving each one's
    /// labels from scratch was a measurable share of a small GET's cost.</summary>
    private readonly ConcurrentDictionary<string, object> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;

    private InstrumentExport(IMetricFactory factory, Instrument instrument, Shape shape, double[] buckets)
    {
        _factory = factory;
        _shape = shape;
        _buckets = buckets;
        _name = PrometheusNames.Metric(instrument.Name, instrument.Unit, shape is Shape.Counter or Shape.ObservedCounter);
        // prometheus-net 8.2.1 writes HELP text as it is: a raw newline would end the line and break the page.
        _help = (instrument.Description ?? instrument.Name).Replace("\\", @"\\").Replace("\n", @"\n");
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
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
        Span<char> buffer = stackalloc char[MaxSeriesKey];
        var keyed = TryWriteSeriesKey(tags, buffer, out var keyLength);
        try
        {
            if (!keyed || !_seriesBySpan.TryGetValue(buffer[..keyLength], out var series))
            {
                series = Resolve(tags);
                if (keyed) _series.TryAdd(new string(buffer[..keyLength]), series);
            }
            Observe(series, value);
        }
        catch (ArgumentException)
        {
            // A measurement Prometheus cannot hold (a negative counter increment, a histogram tag named "le") is
            // dropped: recording a metric must never fail the operation it measures.
        }
    }

    private const int MaxSeriesKey = 256;

    /// <summary>Writes name U+0001 value U+0002 for each tag; false when a value is of a type not written here, a tag
    /// holds either separator, or the key does not fit (such measurements resolve their series every time).</summary>
    private static bool TryWriteSeriesKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<char> buffer, out int length)
    {
        length = 0;
        foreach (var (name, value) in tags)
        {
            if (!Append(name, buffer, ref length) || !Separate('\u0001', buffer, ref length)) return false;
            int written;
            switch (value)
            {
                case string text when Append(text, buffer, ref length): break;
                case int number when number.TryFormat(buffer[length..], out written, default, CultureInfo.InvariantCulture): length += written; break;
                case long number when number.TryFormat(buffer[length..], out written, default, CultureInfo.InvariantCulture): length += written; break;
                case null: break;
                default: return false;
            }
            if (!Separate('\u0002', buffer, ref length)) return false;
        }
        return true;

        static bool Append(string text, Span<char> to, ref int at)
        {
            if (text.AsSpan().IndexOfAny('\u0001', '\u0002') >= 0 || !text.AsSpan().TryCopyTo(to[at..])) return false;
            at += text.Length;
            return true;
        }

        static bool Separate(char separator, Span<char> to, ref int at)
        {
            if (at >= to.Length) return false;
            to[at++] = separator;
            return true;
        }
    }

    /// <summary>The labelled series of a tag list: labels sorted by name, the metric for that set of names.</summary>
    private object Resolve(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            labels[i] = KeyValuePair.Create(PrometheusNames.Label(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        // prometheus-net ties values to label names by position: one order for every measurement.
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var names = labels.Select(l => l.Key).ToArray();
        var values = labels.Select(l => l.Value).ToArray();
        return _metrics.GetOrAdd(string.Join('\u0001', names), _ => Create(names)) switch
        {
            Counter counter => counter.WithLabels(values),
            Gauge gauge => gauge.WithLabels(values),
            Histogram histogram => histogram.WithLabels(values),
            var other => throw new InvalidOperationException($"Unexpected collector {other.GetType()}."),
        };
    }

    private void Observe(object series, double value)
    {
        switch (series)
        {
            case Counter.Child counter when _shape == Shape.ObservedCounter: counter.IncTo(value); break;
            case Counter.Child counter: counter.Inc(value); break;
            case Gauge.Child gauge when _shape == Shape.ObservedGauge: gauge.Set(value); break;
            case Gauge.Child gauge: gauge.Inc(value); break;
            case Histogram.Child histogram: histogram.Observe(value); break;
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
