using Transporter.Core.Migrations;

namespace Transporter.Api.Metrics;

/// <summary>The platform database's answer at one moment: how many migrations' latest runs are in each state, and the
/// copy queue (batches published and not yet done: waiting for a worker, or being copied).</summary>
public sealed record MigrationCensus(
    IReadOnlyDictionary<MigrationState, long> LatestRunStates,
    long PendingBatches, long PendingObjects, long WorkingBatches, long WorkingObjects);
