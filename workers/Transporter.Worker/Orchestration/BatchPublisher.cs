using MassTransit;
using Microsoft.Extensions.Logging;
using Transporter.Core.Messaging;
using Transporter.Core.Migrations;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Publishes the messages that move runs along. Publishing twice is always harmless (claims decide), and nothing here
/// is the only record of work: batches live in the database, and a run's supervisor (<see cref="RunSupervisor"/>)
/// publishes again what was not published or not taken. So every publish is one attempt with a hard time limit and
/// reports whether it went out.
/// </summary>
/// <remarks>The time limit does not rely on the broker client honouring cancellation: while RabbitMQ reconnects, a
/// MassTransit publish can wait for the connection whatever its token says (MassTransit issues #1760, #2722), which
/// once left a lister blocked for minutes with its lease renewed, so nobody else could take over. The wait is
/// abandoned instead; the abandoned publish ends when the connection does.</remarks>
public sealed class BatchPublisher(IPublishEndpoint bus, ILogger<BatchPublisher> logger)
{
    /// <summary>How long one publish may wait for the broker.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Publishes one CopyBatchReady; false when the broker did not take it in time.</summary>
    public Task<bool> BatchReadyAsync(Guid migrationId, Guid runId, string batchId, CancellationToken ct) =>
        TryPublishAsync(new CopyBatchReady(migrationId, runId, batchId), ct);

    /// <summary>Publishes the batches in order, stopping at the first that does not go out (the broker is away: the
    /// rest would wait as long). Returns the ids that were published.</summary>
    public async Task<IReadOnlyList<string>> BatchesReadyAsync(Guid migrationId, Guid runId, IReadOnlyList<string> batchIds, CancellationToken ct)
    {
        for (var i = 0; i < batchIds.Count; i++)
            if (!await BatchReadyAsync(migrationId, runId, batchIds[i], ct).ConfigureAwait(false))
                return batchIds.Take(i).ToList();
        return batchIds;
    }

    /// <summary>Best-effort wake-up of a lister; listers find the run in the database within seconds anyway.</summary>
    public Task<bool> StartRunAsync(Guid migrationId, Guid runId, CancellationToken ct) =>
        TryPublishAsync(new StartMigrationRun(migrationId, runId), ct);

    /// <summary>Announces a run's end (notifications, schedules): a few attempts, then logged as an error (the
    /// database holds the run's outcome either way).</summary>
    public async Task RunFinishedAsync(Guid migrationId, Guid runId, MigrationState state, CancellationToken ct)
    {
        const int Attempts = 6;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await TryPublishAsync(new MigrationRunFinished(migrationId, runId, state), ct).ConfigureAwait(false)) return;
            if (attempt < Attempts) await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, attempt))), ct).ConfigureAwait(false);
        }
        logger.LogError("Announcing the end of run {RunId} of migration {MigrationId} failed: the broker did not take it", runId, migrationId);
    }

    private async Task<bool> TryPublishAsync<T>(T message, CancellationToken ct) where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(message, timeout.Token).WaitAsync(PublishTimeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Publishing {Message} failed ({Error}); it is published again from the database", typeof(T).Name,
                InfrastructureRetry.Describe(e));
            return false;
        }
    }
}
