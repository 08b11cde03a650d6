using Dapper;
using Transporter.Core.Migrations.Persistence;
using static Transporter.Core.Plans.Persistence.PlanSql;

namespace Transporter.Core.Plans.Persistence;

/// <summary>
/// What plan scanners write: the scanner lease of a plan (one scanner at a time; an expired lease is claimed by another),
/// its status as the scan advances, the checkpoint a restarted scan resumes from, and its end (counts, or failure).
/// </summary>
public sealed class PlanScanRepository(PlanDatabase db)
{
    /// <summary>Plans not ended whose scanner lease is free or expired, oldest first: what a scanner may claim.</summary>
    public async Task<IReadOnlyList<Guid>> FindClaimableAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(new CommandDefinition($"""
            SELECT id FROM plans
            WHERE status {InStatuses(PlanStatus.Active)} AND (scanner_owner IS NULL OR scanner_lease_until < @now)
            ORDER BY created_at LIMIT @limit
            """, new { now = db.NowMs(), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return ids.Select(Guid.Parse).ToList();
    }

    /// <summary>Takes the plan's scanner lease for <paramref name="owner"/> until <paramref name="leaseUntil"/> if the plan
    /// has not ended and the lease is free, expired or already <paramref name="owner"/>'s.</summary>
    public async Task<bool> TryClaimScanAsync(Guid planId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET scanner_owner = @owner, scanner_lease_until = @until
            WHERE id = @id AND status {InStatuses(PlanStatus.Active)}
              AND (scanner_owner IS NULL OR scanner_lease_until < @now OR scanner_owner = @owner)
            """, new { id = Id(planId), owner, until = leaseUntil.ToUnixTimeMilliseconds(), now = db.NowMs() },
            cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Extends the lease; false when <paramref name="owner"/> lost it (expired and taken) or the plan ended
    /// (aborted).</summary>
    public async Task<bool> RenewScanAsync(Guid planId, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET scanner_lease_until = @until
            WHERE id = @id AND scanner_owner = @owner AND status {InStatuses(PlanStatus.Active)}
            """, new { id = Id(planId), owner, until = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Lets go of the lease (its scanner stops); nothing when <paramref name="owner"/> no longer holds it.</summary>
    public async Task ReleaseScanAsync(Guid planId, string owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE plans SET scanner_owner = NULL, scanner_lease_until = NULL WHERE id = @id AND scanner_owner = @owner",
            new { id = Id(planId), owner }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Moves the plan to tested (from queued) or running (from queued or tested) for the lease holder; stamps
    /// the start once. False when the plan is not in a status it may leave that way, or the lease is not
    /// <paramref name="owner"/>'s.</summary>
    public async Task<bool> TryAdvanceAsync(Guid planId, string owner, string to, CancellationToken ct = default)
    {
        IReadOnlyList<string> from = to switch
        {
            PlanStatus.Tested => [PlanStatus.Queued],
            PlanStatus.Running => [PlanStatus.Queued, PlanStatus.Tested],
            _ => throw new ArgumentOutOfRangeException(nameof(to), to, "a scan advances a plan to tested or running only"),
        };
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET status = @to, started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE id = @id AND scanner_owner = @owner AND status {InStatuses(from)}
            """, new { id = Id(planId), owner, to, now = db.NowMs() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Writes the scan's progress (the checkpoint a restarted scan resumes from); false when the plan is no
    /// longer running under <paramref name="owner"/>'s lease (aborted, or the lease was lost).</summary>
    public async Task<bool> CheckpointAsync(Guid planId, string owner, PlanTally tally, CancellationToken ct = default) =>
        await WriteTallyAsync(planId, owner, tally, PlanStatus.Running, ct).ConfigureAwait(false);

    /// <summary>Writes the final counts and ends the plan; false when it was no longer running under
    /// <paramref name="owner"/>'s lease.</summary>
    public async Task<bool> CompleteScanAsync(Guid planId, string owner, PlanTally tally, CancellationToken ct = default) =>
        await WriteTallyAsync(planId, owner, tally, PlanStatus.Ended, ct).ConfigureAwait(false);

    private async Task<bool> WriteTallyAsync(Guid planId, string owner, PlanTally tally, string status, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var ended = status == PlanStatus.Ended;
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET last_key = @lastKey, tot_objects = @objects, tot_size = @bytes, distribution = @distribution, distribution_bytes = @distributionBytes, status = @status,
                updated_at = @now{(ended ? ", ended_at = @now, scanner_owner = NULL, scanner_lease_until = NULL" : "")}
            WHERE id = @id AND scanner_owner = @owner AND status = @running
            """, new
        {
            id = Id(planId),
            owner,
            lastKey = tally.LastKey,
            objects = tally.Objects,
            bytes = tally.Bytes,
            distribution = MigrationJson.Write(tally.Bins),
            distributionBytes = tally.BinBytes is { } binBytes ? MigrationJson.Write(binBytes) : null,
            status,
            running = PlanStatus.Running,
            now = db.NowMs(),
        }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Fails the plan with <paramref name="error"/> (preflight or listing), in one transaction; false when it
    /// had ended or the lease is not <paramref name="owner"/>'s.</summary>
    public async Task<bool> FailScanAsync(Guid planId, string owner, string error, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        var failed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET status = @failed, ended_at = @now, updated_at = @now, scanner_owner = NULL, scanner_lease_until = NULL
            WHERE id = @id AND scanner_owner = @owner AND status {InStatuses(PlanStatus.Active)}
            """, new { id = Id(planId), owner, failed = PlanStatus.Failed, now }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;
        if (!failed) return false;
        await PlanSql.AddErrorAsync(connection, tx, planId, error, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }
}
