using Dapper;
using Transporter.Core.Persistence;
using Transporter.Store.Engine;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// Garage's local aliases: bucket names in the namespace of one access key. A request signed by that key which names
/// one of its local aliases addresses the aliased bucket (a key's local alias comes before a global name, as in
/// Garage); other keys do not see the alias, and the bucket's policy and ACLs still decide what the key may do there.
/// Kept in table admin_local_aliases and in memory: read once, then replaced on each change (the store process is
/// the only writer). An alias holds the bucket's id too, so a bucket deleted and created again under the same name is
/// not reached through an old alias: such an alias answers NoSuchBucket.
/// </summary>
internal sealed class LocalBucketAliases(Database db, StorageEngine engine)
{
    private readonly SchemaGate _schema = new(db, AdminSchema.Component, AdminSchema.Steps);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>The bucket that <paramref name="name"/> names for <paramref name="accessKeyId"/> through a local alias;
    /// null when the key has no such alias. Throws NoSuchBucket when the alias's bucket is gone.</summary>
    public async ValueTask<string?> ResolveAsync(string accessKeyId, string name, CancellationToken ct)
    {
        var index = (_snapshot ?? await LoadAsync(ct).ConfigureAwait(false)).ByKeyAndAlias;
        if (index.Count == 0 || !index.TryGetValue((accessKeyId, name), out var alias)) return null;
        return engine.FindBucketOrNull(alias.BucketName) is { } bucket && BucketIds.Of(bucket) == alias.BucketId
            ? bucket.Name
            : throw new StoreException(StoreErrorCode.NoSuchBucket);
    }

    public async Task<IReadOnlyList<LocalBucketAlias>> AllAsync(CancellationToken ct) =>
        (_snapshot ?? await LoadAsync(ct).ConfigureAwait(false)).All;

    /// <summary>Adds the alias; false when the key already uses the name for another bucket (nothing changed).</summary>
    public async Task<bool> AddAsync(LocalBucketAlias alias, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var index = (_snapshot ?? await ReadAsync(ct).ConfigureAwait(false)).ByKeyAndAlias;
            if (index.TryGetValue((alias.AccessKeyId, alias.Alias), out var existing)) return existing.BucketId == alias.BucketId;
            await ExecuteAsync("""
                INSERT INTO admin_local_aliases (access_key_id, alias, bucket_name, bucket_id) VALUES (@AccessKeyId, @Alias, @BucketName, @BucketId)
                """, alias, ct).ConfigureAwait(false);
            await ReadAsync(ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the key's alias of the bucket; false when there was none.</summary>
    public Task<bool> RemoveAsync(string accessKeyId, string alias, string bucketId, CancellationToken ct) =>
        RemoveWhereAsync("access_key_id = @accessKeyId AND alias = @alias AND bucket_id = @bucketId", new { accessKeyId, alias, bucketId }, ct);

    /// <summary>Forgets every alias of a deleted bucket.</summary>
    public Task RemoveBucketAsync(string bucketId, CancellationToken ct) => RemoveWhereAsync("bucket_id = @bucketId", new { bucketId }, ct);

    /// <summary>Forgets every alias of a deleted key.</summary>
    public Task RemoveKeyAsync(string accessKeyId, CancellationToken ct) => RemoveWhereAsync("access_key_id = @accessKeyId", new { accessKeyId }, ct);

    private async Task<bool> RemoveWhereAsync(string where, object parameters, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var removed = await ExecuteAsync($"DELETE FROM admin_local_aliases WHERE {where}", parameters, ct).ConfigureAwait(false);
            await ReadAsync(ct).ConfigureAwait(false);
            return removed > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _snapshot ?? await ReadAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Under the gate: reads the table into memory.</summary>
    private async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<LocalBucketAlias>(new CommandDefinition("""
            SELECT access_key_id AS AccessKeyId, alias AS Alias, bucket_name AS BucketName, bucket_id AS BucketId
            FROM admin_local_aliases ORDER BY access_key_id, alias
            """, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var snapshot = new Snapshot(rows, rows.ToDictionary(a => (a.AccessKeyId, a.Alias)));
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<LocalBucketAlias> All, Dictionary<(string, string), LocalBucketAlias> ByKeyAndAlias);

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
    }
}
