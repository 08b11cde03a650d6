using MassTransit;
using Microsoft.Extensions.Logging;
using Polly;
using Transporter.Core.Messaging;
using Transporter.Core.Migrations;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Orchestration;

/// <summary>
/// Publishes the messages that move runs along. Publishing twice is always harmless (claims decide). Batches and run
/// ends are retried while the broker is unreachable (<see cref="InfrastructureRetry"/>, about three minutes); wake-ups
/// (<see cref="StartRunAsync"/>, <see cref="TryBatchesReadyAsync"/>) are best effort, because listers also find their
/// work in the database every couple of seconds and republish every outstanding batch of a run they claim.
/// </summary>
public sealed class BatchPublisher(IPublishEndpoint bus, ILogger<BatchPublisher> logger)
{
    /// <summary>How long a best-effort publish may wait for the broker (an API request waits for it).</summary>
    public static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(5);

    private readonly ResiliencePipeline _retry = InfrastructureRetry.Broker(logger, "Publishing to the broker", TimeSpan.FromSeconds(15));

    public Task BatchReadyAsync(Guid migrationId, Guid runId, string batchId, CancellationToken ct) =>
        _retry.ExecuteAsync(async t => await bus.Publish(new CopyBatchReady(migrationId, runId, batchId), t).ConfigureAwait(false), ct).AsTask();

    public async Task BatchesReadyAsync(Guid migrationId, Guid runId, IEnumerable<string> batchIds, CancellationToken ct)
    {
        foreach (var id in batchIds) await BatchReadyAsync(migrationId, runId, id, ct).ConfigureAwait(false);
    }

    /// <summary>Best effort: false when the broker did not take them within <see cref="WakeTimeout"/> (the run's lister
    /// republishes them when it claims the run).</summary>
    public async Task<bool> TryBatchesReadyAsync(Guid migrationId, Guid runId, IEnumerable<string> batchIds, CancellationToken ct)
    {
        foreach (var id in batchIds)
            if (!await TryPublishAsync(new CopyBatchReady(migrationId, runId, id), ct).ConfigureAwait(false)) return false;
        return true;
    }

    /// <summary>Best effort wake-up of a lister; a lister finds the run in the database within seconds anyway.</summary>
    public Task<bool> StartRunAsync(Guid migrationId, Guid runId, CancellationToken ct) =>
        TryPublishAsync(new StartMigrationRun(migrationId, runId), ct);

    /// <summary>Announces a run's end; retried, and logged as an error when the broker stays away (the database
    /// holds the run's outcome either way).</summary>
    public async Task RunFinishedAsync(Guid migrationId, Guid runId, MigrationState state, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(async t => await bus.Publish(new MigrationRunFinished(migrationId, runId, state), t).ConfigureAwait(false), ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Announcing the end of run {RunId} of migration {MigrationId} failed: {Error}", runId, migrationId,
                InfrastructureRetry.Describe(e));
        }
    }

    private async Task<bool> TryPublishAsync<T>(T message, CancellationToken ct) where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(WakeTimeout);
        try
        {
            await bus.Publish(message, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Publishing {Message} failed ({Error}); listers find the work in the database instead", typeof(T).Name,
                InfrastructureRetry.Describe(e));
            return false;
        }
    }
}
