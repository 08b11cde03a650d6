using System.Diagnostics.Metrics;
using Prometheus;

namespace Transporter.Api.Metrics;

/// <summary>
/// Listens to every instrument of the selected meters (by default those whose names start with "Transporter")
/// through a <see cref="MeterListener"/> and records each measurement into a prometheus-net <see cref="Registry"/>,
/// which also holds the process and .NET runtime metrics prometheus-net collects itself (process_cpu_seconds_total,
/// dotnet_total_memory_bytes, ...). Observable instruments are polled before each collection.
/// </summary>
/// <remarks>prometheus-net's own MeterAdapter is not used: it prefixes every name with the meter's, exports counters as
/// gauges without the unit suffixes, ignores the instruments' advised buckets and forgets series idle for 5 minutes
/// (README, Dependencies).</remarks>
public sealed class PrometheusMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private volatile bool _disposed;

    /// <param name="host">The host's meter factory: meters another host's factory created (another host in the same
    /// process, as in tests) are not exported. Meters created without a factory are.</param>
    /// <param name="includeMeter">Which meters to export; default: names starting with "Transporter".</param>
    public PrometheusMetricsCollector(IMeterFactory? host = null, Func<Meter, bool>? includeMeter = null)
    {
        includeMeter ??= meter => meter.Name.StartsWith("Transporter", StringComparison.Ordinal);
        bool OfThisHost(Meter meter) => host is null || meter.Scope is null || ReferenceEquals(meter.Scope, host);
        // A registry of our own: prometheus-net's default one would, on its first collection, start adapters that
        // listen to every meter of the process.
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (OfThisHost(instrument.Meter) && includeMeter(instrument.Meter) && InstrumentExport.For(instrument, factory) is { } export)
                listener.EnableMeasurementEvents(instrument, export);
        };
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentExport)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentExport)state!).Record((double)value, tags));
        _listener.Start();
        // The registry cannot drop a callback: after Dispose it does nothing.
        Registry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed) _listener.RecordObservableInstruments();
        });
    }

    /// <summary>What GET /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }
}
