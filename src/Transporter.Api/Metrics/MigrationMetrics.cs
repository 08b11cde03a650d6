using System.Diagnostics.Metrics;
using Transporter.Core.Diagnostics;
using Transporter.Core.Migrations;

namespace Transporter.Api.Metrics;

/// <summary>
/// Migrations by state and the copy queue as gauges, read from the platform database when /metrics is scraped
/// (<see cref="MigrationCensusReader"/>): transporter_migrations{state="1",state_description="Running"} for every state
/// of the API (0 included), transporter_copy_queue_batches{status="pending"|"working"} and
/// transporter_copy_queue_objects{status=..}. The numbers are the whole platform's: every API replica reports the same.
/// </summary>
public sealed class MigrationMetrics
{
    public MigrationMetrics(TransporterMetrics metrics, MigrationCensusReader census)
    {
        metrics.Meter.CreateObservableGauge("transporter.migrations", () => States(census), "{migration}",
            "Migrations whose latest run is in each state (state: the API's number, state_description: its name)");
        metrics.Meter.CreateObservableGauge("transporter.copy.queue.batches", () => Queue(census, objects: false), "{batch}",
            "Copy batches waiting for a worker (status=pending) or being copied (status=working)");
        metrics.Meter.CreateObservableGauge("transporter.copy.queue.objects", () => Queue(census, objects: true), "{object}",
            "Objects in the copy batches waiting for a worker (status=pending) or being copied (status=working)");
    }

    private static IEnumerable<Measurement<long>> States(MigrationCensusReader census)
    {
        if (census.Current() is not { } now) yield break;
        foreach (var state in Enum.GetValues<MigrationState>())
            yield return new Measurement<long>(now.LatestRunStates.GetValueOrDefault(state),
                new KeyValuePair<string, object?>("state", (int)state), new KeyValuePair<string, object?>("state_description", state.Description()));
    }

    private static IEnumerable<Measurement<long>> Queue(MigrationCensusReader census, bool objects)
    {
        if (census.Current() is not { } now) yield break;
        yield return new Measurement<long>(objects ? now.PendingObjects : now.PendingBatches, new KeyValuePair<string, object?>("status", "pending"));
        yield return new Measurement<long>(objects ? now.WorkingObjects : now.WorkingBatches, new KeyValuePair<string, object?>("status", "working"));
    }
}
