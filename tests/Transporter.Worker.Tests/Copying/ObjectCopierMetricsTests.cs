using System.Diagnostics.Metrics;
using Transporter.Core.Diagnostics;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>Every copied object and byte, and every failed row, is counted in the platform's meter.</summary>
[Collection(TwoAzuritesCollection.Name)]
public sealed class ObjectCopierMetricsTests(TwoAzuritesFixture azurite)
{
    [Fact]
    public async Task Copies_and_failures_are_recorded_in_the_transporter_meter()
    {
        var (source, sourceEndpoint) = await azurite.NewContainerAsync(azurite.First);
        var (destination, destinationEndpoint) = await azurite.NewContainerAsync(azurite.Second);
        var first = await PutAsync(source, "one", 1000);
        var second = await PutAsync(source, "two", 2345);
        var gone = await PutAsync(source, "gone", 10);
        await source.DeleteAsync("gone", Ct);
        // The copier's own meter factory: copies of other test classes running in parallel count elsewhere.
        var (metrics, factory) = NewMetrics();
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == TransporterMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals) totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        var copier = NewCopier(metrics: metrics);
        var context = Context(source, sourceEndpoint, destination, destinationEndpoint);

        foreach (var item in new[] { first, second, gone }) await copier.CopyAsync(context, item, Ct);

        Assert.Equal(2, totals.GetValueOrDefault("transporter.copy.objects"));
        Assert.Equal(3345, totals.GetValueOrDefault("transporter.copy.bytes"));
        Assert.Equal(1, totals.GetValueOrDefault("transporter.copy.failures"));
    }
}
