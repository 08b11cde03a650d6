using Dapper;
using Transporter.Core.Security;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// The lister lease of runs (docs/migration-engine.md, "Listing"): one lister at a time holds an active run (lists it,
/// then supervises it), with a lease it renews; when its process dies the lease expires and another lister claims it. A run's first claim queues its
/// run.started webhooks in the same transaction (<see cref="WebhookOutboxSql"/>, hence the <see cref="SecretProtector"/>).
/// </summary>
public sealed class ListerLeaseRepository(MigrationDatabase db, SecretProtector secrets)
{
    /// <summary>Active runs whose lister lease is free or expired, oldest first: what a lister may claim.</summary>
    public async Task<IReadOnlyList<Guid>> FindClaimableRunsAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(new CommandDefinition($"""
            SELECT id FROM migration_runs
            WHERE state {InStates(MigrationStateMachine.Active)} AND (lister_owner IS NULL OR lister_lease_until < @now)
            ORDER BY created_at LIMIT @limit
            """, new { now = db.NowMs(), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return ids.Select(Guid.Parse).ToList();
    }

    /// <summary>Takes the run's lister lease for <paramref name="owner"/> until <paramref name="leaseUntil"/> if the run
    /// is active and the lease free, expired or already <paramref name="owner"/>'s. The first claim of a run stamps
    /// claimed_at and queues its run.started webhooks, in the same transaction.</summary>
    public async Task<bool> TryClaimListerAsync(Guid runId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE migration_runs SET lister_owner = @owner, lister_lease_until = @until
            WHERE id = @id AND state {InStates(MigrationStateMachine.Active)} AND (lister_owner IS NULL OR lister_lease_until < @now OR lister_owner = @owner)
            """, new { id = Id(runId), owner, until = leaseUntil.ToUnixTimeMilliseconds(), now }, tx, cancellationToken: ct)).ConfigureAwait(false) != 1)
            return false;
        if (await connection.ExecuteAsync(new CommandDefinition("UPDATE migration_runs SET claimed_at = @now WHERE id = @id AND claimed_at IS NULL",
                new { id = Id(runId), now }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1)
            await WebhookOutboxSql.EnqueueRunEventAsync(connection, tx, secrets, runId, Webhooks.WebhookEvents.RunStarted, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Extends the lease; false when <paramref name="owner"/> lost it (expired and taken, paused, aborted).</summary>
    public async Task<bool> RenewListerAsync(Guid runId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET lister_lease_until = @until WHERE id = @id AND lister_owner = @owner",
            new { id = Id(runId), owner, until = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Lets go of the lease (its lister stops); nothing when <paramref name="owner"/> no longer holds it.</summary>
    public async Task ReleaseListerAsync(Guid runId, string owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET lister_owner = NULL, lister_lease_until = NULL WHERE id = @id AND lister_owner = @owner",
            new { id = Id(runId), owner }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Marks the listing ended (only by the lease holder) and moves the run to SourceListCompleted when it was
    /// Started or Running; a paused run stays paused.</summary>
    public async Task<bool> CompleteListingAsync(Guid runId, string owner, CancellationToken ct = default, DestinationTally? destination = null)
    {
        destination ??= DestinationTally.None;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE migration_runs SET listing_completed = TRUE, destination_seen = destination_seen + @seen, updated_at = @now, progress_at = @now
            WHERE id = @id AND lister_owner = @owner
            """, new { id = Id(runId), owner, seen = destination.Seen, now }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (updated == 0) return false;
        await DeletionSql.InsertExtraneousAsync(connection, tx, runId, destination.Extraneous, ct).ConfigureAwait(false);
        await RunSql.TryMoveAsync(connection, tx, runId, MigrationState.SourceListCompleted, now, ct,
            [MigrationState.Verified, MigrationState.Started, MigrationState.Running]).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }
}
