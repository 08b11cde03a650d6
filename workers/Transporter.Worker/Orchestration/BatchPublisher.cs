using MassTransit;
using Transporter.Core.Messaging;

namespace Transporter.Worker.Orchestration;

/// <summary>Publishes the messages that move runs along. Publishing twice is always harmless (claims decide).</summary>
public sealed class BatchPublisher(IPublishEndpoint bus)
{
    public Task BatchReadyAsync(Guid migrationId, Guid runId, string batchId, CancellationToken ct) =>
        bus.Publish(new CopyBatchReady(migrationId, runId, batchId), ct);

    public async Task BatchesReadyAsync(Guid migrationId, Guid runId, IEnumerable<string> batchIds, CancellationToken ct)
    {
        foreach (var id in batchIds) await BatchReadyAsync(migrationId, runId, id, ct).ConfigureAwait(false);
    }

    public Task StartRunAsync(Guid migrationId, Guid runId, CancellationToken ct) =>
        bus.Publish(new StartMigrationRun(migrationId, runId), ct);
}
