using Dapper;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Security;
using static Transporter.Core.Plans.Persistence.PlanSql;

namespace Transporter.Core.Plans.Persistence;

/// <summary>
/// Migration plans (Dapper; the same SQL on SQLite and PostgreSQL): create, read by id or owner, endpoints, the
/// migrations associated with plans, abort and errors. Credentials are encrypted with <see cref="SecretProtector"/> and
/// decrypted only by <see cref="GetEndpointsAsync"/>. Scanners write through <see cref="PlanScanRepository"/>.
/// </summary>
public sealed class PlanRepository(PlanDatabase db, SecretProtector secrets)
{
    /// <summary>Most errors kept per plan.</summary>
    public const int MaxErrorsPerPlan = 100;

    private const string PlanSelect = """
        SELECT p.id AS Id, p.root AS Root, p.username AS UserName, p.sync AS Sync, p.sync_mode AS SyncMode, p.skip_verify AS SkipVerify,
               p.source AS Source, p.destination AS Destination, p.migration_id AS MigrationId, p.since AS Since, p.status AS Status,
               p.created_at AS CreatedAt, p.started_at AS StartedAt, p.ended_at AS EndedAt, p.last_key AS LastKey,
               p.tot_objects AS TotObjects, p.tot_size AS TotSize, p.distribution AS Distribution, p.distribution_bytes AS DistributionBytes, p.filters AS Filters
        FROM plans p
        """;

    /// <summary>Stores <paramref name="plan"/> as queued, its credentials only encrypted.</summary>
    public async Task CreateAsync(Plan plan, EndpointPair endpoints, CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO plans (id, root, username, sync, sync_mode, skip_verify, source, destination, secrets, migration_id, since,
                status, created_at, updated_at, tot_objects, tot_size, distribution, distribution_bytes, filters)
            VALUES (@id, @root, @username, @sync, @syncMode, @skipVerify, @source, @destination, @secrets, @migrationId, @since,
                @status, @now, @now, 0, 0, @distribution, @distribution, @filters)
            """, new
        {
            id = Id(plan.Id),
            root = plan.Root,
            username = plan.UserName,
            sync = plan.Sync,
            syncMode = plan.SyncMode,
            skipVerify = plan.SkipVerify,
            source = MigrationJson.Write(endpoints.Source.WithoutSecrets()),
            destination = MigrationJson.Write(endpoints.Destination.WithoutSecrets()),
            secrets = secrets.Protect(MigrationJson.Write(endpoints)),
            migrationId = plan.MigrationId is { } m ? Id(m) : null,
            since = plan.Since?.ToUnixTimeMilliseconds(),
            status = PlanStatus.Queued,
            now,
            distribution = MigrationJson.Write(new long[SizeBins.Count]),
            filters = plan.Filters is { IsEmpty: false } f ? MigrationJson.Write(f) : null,
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The plan, whoever owns it (scanners); null when unknown.</summary>
    public async Task<Plan?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(
            PlanSelect + " WHERE p.id = @id", new { id = Id(id) }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToPlan();
    }

    /// <summary>The plan when <paramref name="owner"/> may see it (as for migrations: the root user sees every plan of
    /// its root, another user only its own); null otherwise.</summary>
    public async Task<Plan?> GetOwnedAsync(Guid id, MigrationOwner owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(
            PlanSelect + " WHERE p.id = @id AND " + OwnerFilter(owner), new { id = Id(id), root = owner.Root, username = owner.UserName },
            cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToPlan();
    }

    /// <summary>The plans <paramref name="owner"/> may see, oldest first.</summary>
    public async Task<IReadOnlyList<Plan>> ListOwnedAsync(MigrationOwner owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PlanRow>(new CommandDefinition(
            PlanSelect + " WHERE " + OwnerFilter(owner) + " ORDER BY p.created_at, p.id", new { root = owner.Root, username = owner.UserName },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToPlan()).ToList();
    }

    /// <summary>Both endpoints with their credentials, decrypted. Only for the process that opens the stores or copies
    /// them into a migration.</summary>
    public async Task<EndpointPair?> GetEndpointsAsync(Guid planId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var stored = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT secrets FROM plans WHERE id = @id", new { id = Id(planId) }, cancellationToken: ct)).ConfigureAwait(false);
        return stored is null ? null : MigrationJson.Read<EndpointPair>(secrets.Unprotect(stored));
    }

    /// <summary>The endpoints a run opens: <see cref="GetEndpointsAsync"/> with saved buckets resolved from the root's
    /// table as it is now (InvalidOperationException when a named entry is gone).</summary>
    public async Task<EndpointPair?> GetRunEndpointsAsync(Guid planId, CancellationToken ct = default)
    {
        if (await GetEndpointsAsync(planId, ct).ConfigureAwait(false) is not { } pair) return null;
        if (string.IsNullOrEmpty(pair.Source.SavedBucket) && string.IsNullOrEmpty(pair.Destination.SavedBucket)) return pair;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var root = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT root FROM plans WHERE id = @id", new { id = Id(planId) }, cancellationToken: ct)).ConfigureAwait(false);
        var savedBuckets = new SavedBuckets.SavedBucketRepository(db.Database, secrets, db.Clock);
        return await SavedBuckets.SavedBucketResolver.ResolveForRunAsync(savedBuckets, root, pair, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The migrations associated with each of <paramref name="plans"/>: the one a plan was made from, then those made
    /// from it (migrations whose plan_id names it), oldest first.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AssociatedMigration>>> GetAssociatedMigrationsAsync(IReadOnlyCollection<Plan> plans,
        CancellationToken ct = default)
    {
        var result = plans.ToDictionary(p => p.Id, p => new List<AssociatedMigration>(p.MigrationId is { } origin ? [new(p.Root, origin)] : []));
        if (plans.Count == 0) return result.ToDictionary(e => e.Key, e => (IReadOnlyList<AssociatedMigration>)e.Value);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        // Plans and the migrations made from them share a root; one query per root listed.
        foreach (var root in plans.Select(p => p.Root).Distinct())
        {
            var rows = await connection.QueryAsync<(string PlanId, string Id, string Root)>(new CommandDefinition(
                "SELECT plan_id, id, root FROM migrations WHERE root = @root AND plan_id IS NOT NULL ORDER BY created_at, id",
                new { root }, cancellationToken: ct)).ConfigureAwait(false);
            foreach (var row in rows)
                if (result.TryGetValue(Guid.Parse(row.PlanId), out var list)) list.Add(new AssociatedMigration(row.Root, Guid.Parse(row.Id)));
        }
        return result.ToDictionary(e => e.Key, e => (IReadOnlyList<AssociatedMigration>)e.Value);
    }

    /// <summary>Aborts the plan unless it already ended. Returns the status it has afterwards: aborted, or the ended
    /// status that made the abort impossible; null when the plan is unknown.</summary>
    public async Task<(bool Aborted, string Status)?> AbortAsync(Guid planId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        var aborted = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE plans SET status = @aborted, ended_at = @now, updated_at = @now, scanner_owner = NULL, scanner_lease_until = NULL
            WHERE id = @id AND status {InStatuses(PlanStatus.Active)}
            """, new { id = Id(planId), aborted = PlanStatus.Aborted, now }, cancellationToken: ct)).ConfigureAwait(false) == 1;
        if (aborted) return (true, PlanStatus.Aborted);
        var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT status FROM plans WHERE id = @id", new { id = Id(planId) }, cancellationToken: ct)).ConfigureAwait(false);
        return status is null ? null : (false, status);
    }

    /// <summary>Records an error of the plan (at most <see cref="MaxErrorsPerPlan"/> are kept).</summary>
    public async Task AddErrorAsync(Guid planId, string message, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await PlanSql.AddErrorAsync(connection, null, planId, message, db.NowMs(), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> GetErrorsAsync(Guid planId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT message FROM plan_errors WHERE plan_id = @id ORDER BY id", new { id = Id(planId) }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    private static string OwnerFilter(MigrationOwner owner) =>
        owner.IsRootUser ? "p.root = @root" : "p.root = @root AND p.username = @username";
}
