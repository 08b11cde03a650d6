using Dapper;
using Transporter.Core.Bandwidth;
using Transporter.Core.Security;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Migrations: creating one (with its first run), reading it by id or by owner, its endpoints, its bandwidth limits and
/// its pause flag. Credentials are encrypted with <see cref="SecretProtector"/> and decrypted only by
/// <see cref="GetEndpointsAsync"/>. The other tables of a migration have their own repositories
/// (<see cref="MigrationDatabase"/>).
/// </summary>
public sealed class MigrationRepository(MigrationDatabase db, SecretProtector secrets)
{
    /// <summary>
    /// Stores <paramref name="migration"/> (credentials only encrypted) and, when <paramref name="startNow"/>, its
    /// first run in state Queued, in one transaction. Returns that run.
    /// </summary>
    public async Task<MigrationRun?> CreateAsync(Migration migration, EndpointPair endpoints, bool startNow, DateTimeOffset? since = null,
        CancellationToken ct = default)
    {
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO migrations (id, root, username, kind, sync_mode, source, destination, secrets, bandwidth_limit,
                enable_statistics, notifications, delete_after_upload, skip_verify, deep, crontab, parent_id, plan_id, paused, created_at, controls,
                webhook_count)
            VALUES (@id, @root, @username, @kind, @syncMode, @source, @destination, @secrets, @bandwidth,
                @enableStatistics, @notifications, @deleteAfterUpload, @skipVerify, @deep, @crontab, @parentId, @planId, @paused, @now, @controls,
                @webhookCount)
            """, new
        {
            id = Id(migration.Id),
            root = migration.Root,
            username = migration.UserName,
            kind = migration.Kind,
            syncMode = migration.SyncMode,
            source = MigrationJson.Write(endpoints.Source.WithoutSecrets()),
            destination = MigrationJson.Write(endpoints.Destination.WithoutSecrets()),
            secrets = secrets.Protect(MigrationJson.Write(endpoints)),
            bandwidth = migration.BandwidthLimit,
            enableStatistics = migration.EnableStatistics,
            notifications = MigrationJson.Write(migration.Notifications),
            deleteAfterUpload = migration.DeleteAfterUpload,
            skipVerify = migration.SkipVerify,
            deep = migration.Deep,
            crontab = migration.Crontab is null ? null : MigrationJson.Write(migration.Crontab),
            parentId = migration.ParentId is { } p ? Id(p) : null,
            planId = migration.PlanId is { } plan ? Id(plan) : null,
            paused = migration.Paused,
            now,
            // Webhook secrets live only in the encrypted secrets column.
            controls = migration.Controls == MigrationControls.None ? null : MigrationJson.Write(migration.Controls with
            {
                Webhooks = migration.Controls.Webhooks?.Select(w => w with { Secret = null }).ToList(),
            }),
            webhookCount = migration.Controls.Webhooks?.Count ?? 0,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
        MigrationRun? run = null;
        if (startNow) run = await RunSql.InsertAsync(connection, tx, migration.Id, since, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return run;
    }

    /// <summary>The migration, whoever owns it (workers); null when unknown.</summary>
    public async Task<Migration?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<MigrationRow>(new CommandDefinition(
            MigrationSelect + " WHERE m.id = @id", new { id = Id(id) }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToMigration();
    }

    /// <summary>The migration with its latest run when <paramref name="owner"/> may see it; null otherwise (unknown,
    /// another root's, or another user's for a user that is not the root user).</summary>
    public async Task<MigrationWithRun?> GetOwnedAsync(Guid id, MigrationOwner owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<MigrationRow>(new CommandDefinition(
            MigrationSelect + " WHERE m.id = @id AND " + OwnerFilter(owner), new { id = Id(id), root = owner.Root, username = owner.UserName },
            cancellationToken: ct)).ConfigureAwait(false);
        if (row is null) return null;
        var run = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.migration_id = @id ORDER BY r.number DESC LIMIT 1", new { id = Id(id) }, cancellationToken: ct)).ConfigureAwait(false);
        return new MigrationWithRun(row.ToMigration(), run?.ToRun());
    }

    /// <summary>The migrations <paramref name="owner"/> may see, oldest first, each with its latest run.</summary>
    public async Task<IReadOnlyList<MigrationWithRun>> ListOwnedAsync(MigrationOwner owner, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var args = new { root = owner.Root, username = owner.UserName };
        var migrations = await connection.QueryAsync<MigrationRow>(new CommandDefinition(
            MigrationSelect + " WHERE " + OwnerFilter(owner) + " ORDER BY m.created_at, m.id", args, cancellationToken: ct)).ConfigureAwait(false);
        var runs = (await connection.QueryAsync<RunRow>(new CommandDefinition(
            RunSelect + " JOIN migrations m ON m.id = r.migration_id WHERE " + OwnerFilter(owner)
            + " AND r.number = (SELECT MAX(x.number) FROM migration_runs x WHERE x.migration_id = r.migration_id)", args,
            cancellationToken: ct)).ConfigureAwait(false)).ToDictionary(r => r.MigrationId);
        return migrations.Select(m => new MigrationWithRun(m.ToMigration(), runs.GetValueOrDefault(m.Id)?.ToRun())).ToList();
    }

    /// <summary>Both endpoints with their credentials, decrypted. Only for the process that opens the stores.</summary>
    public async Task<EndpointPair?> GetEndpointsAsync(Guid migrationId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var stored = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT secrets FROM migrations WHERE id = @id", new { id = Id(migrationId) }, cancellationToken: ct)).ConfigureAwait(false);
        return stored is null ? null : MigrationJson.Read<EndpointPair>(secrets.Unprotect(stored));
    }

    /// <summary>The endpoints a run opens: <see cref="GetEndpointsAsync"/> with saved buckets resolved from the root's
    /// table as it is now (InvalidOperationException when a named entry is gone).</summary>
    public async Task<EndpointPair?> GetRunEndpointsAsync(Guid migrationId, CancellationToken ct = default)
    {
        if (await GetEndpointsAsync(migrationId, ct).ConfigureAwait(false) is not { } pair) return null;
        if (string.IsNullOrEmpty(pair.Source.SavedBucket) && string.IsNullOrEmpty(pair.Destination.SavedBucket)) return pair;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var root = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT root FROM migrations WHERE id = @id", new { id = Id(migrationId) }, cancellationToken: ct)).ConfigureAwait(false);
        var savedBuckets = new SavedBuckets.SavedBucketRepository(db.Database, secrets, db.Clock);
        return await SavedBuckets.SavedBucketResolver.ResolveForRunAsync(savedBuckets, root, pair, ct).ConfigureAwait(false);
    }

    /// <summary>Sets the bandwidth limits of several migrations in one transaction.</summary>
    public async Task SetBandwidthAsync(IReadOnlyList<(Guid MigrationId, long BytesPerSecond)> limits, CancellationToken ct = default)
    {
        foreach (var (_, value) in limits)
            if (!BandwidthLimit.IsValid(value)) throw new ArgumentOutOfRangeException(nameof(limits), BandwidthLimit.Describe(value));
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var (id, value) in limits)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE migrations SET bandwidth_limit = @value WHERE id = @id",
                new { id = Id(id), value }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The limits in force at <paramref name="at"/> of the given migrations (unknown ids are absent): each one's
    /// bandwidth timetable window holding that instant, else its own limit.</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> GetBandwidthAsync(IReadOnlyCollection<Guid> migrationIds, DateTimeOffset at, CancellationToken ct = default)
    {
        if (migrationIds.Count == 0) return new Dictionary<Guid, long>();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Id, long Limit, string? Controls)>(new CommandDefinition(
            "SELECT id, bandwidth_limit, controls FROM migrations WHERE " + db.Dialect.IsAnyOf("id", "@ids"), new { ids = migrationIds.Select(Id).ToArray() },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => Guid.Parse(r.Id), r => r.Controls is null ? r.Limit
            : BandwidthTimetable.EffectiveLimit(r.Limit, MigrationJson.Read<MigrationControls>(r.Controls), at));
    }

    /// <summary>Pauses (<paramref name="paused"/>) or resumes the migration: the flag, and its latest run moved to Paused,
    /// or back to where it was (<see cref="MigrationStateMachine.ResumeState"/>), in one transaction. Returns the run
    /// when its state changed.</summary>
    public async Task<MigrationRun?> SetPausedAsync(Guid migrationId, bool paused, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = db.NowMs();
        await connection.ExecuteAsync(new CommandDefinition("UPDATE migrations SET paused = @paused WHERE id = @id",
            new { id = Id(migrationId), paused }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            RunSelect + " WHERE r.migration_id = @id ORDER BY r.number DESC LIMIT 1", new { id = Id(migrationId) }, tx,
            cancellationToken: ct)).ConfigureAwait(false);
        MigrationRun? changed = null;
        if (row is not null)
        {
            var run = row.ToRun();
            var to = paused ? MigrationState.Paused : MigrationStateMachine.ResumeState(run.ListingCompleted, run.StartedAt is not null);
            if ((paused || run.State == MigrationState.Paused) && await RunSql.TryMoveAsync(connection, tx, run.Id, to, now, ct).ConfigureAwait(false))
            {
                // The lister lets go of a paused run; whoever resumes it claims it afresh.
                if (paused)
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE migration_runs SET lister_owner = NULL, lister_lease_until = NULL WHERE id = @id", new { id = Id(run.Id) }, tx,
                        cancellationToken: ct)).ConfigureAwait(false);
                changed = run with { State = to };
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return changed;
    }

    private static string OwnerFilter(MigrationOwner owner) =>
        owner.IsRootUser ? "m.root = @root" : "m.root = @root AND m.username = @username";
}
