using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Transporter.Api.Metrics;

/// <summary>
/// Listens to every instrument of the selected meters (by default those whose names start with "Transporter")
/// through a <see cref="MeterListener"/> and aggregates what they record since the collector started: counters as
/// running sums, up-down counters and gauges as values, histograms as buckets. <see cref="Render"/> gives the
/// Prometheus text format. No exporter package exists in the package source, hence this one.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    /// <param name="includeMeter">Which meters to export; default: names starting with "Transporter".</param>
    public PrometheusMetricsCollector(Func<Meter, bool>? includeMeter = null)
    {
        includeMeter ??= meter => meter.Name.StartsWith("Transporter", StringComparison.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!includeMeter(instrument.Meter) || InstrumentState.For(instrument) is not { } state) return;
            _instruments[instrument] = state;
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Polls observable instruments, then renders every family in the Prometheus text format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        PrometheusTextWriter.Write(text, _instruments.Values);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
