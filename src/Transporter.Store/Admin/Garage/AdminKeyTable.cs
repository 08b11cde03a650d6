using Dapper;
using Transporter.Core.Persistence;

namespace Transporter.Store.Admin.Garage;

/// <summary>Reads and writes <see cref="AdminKeyRecord"/>s (table admin_keys of <see cref="AdminSchema"/>).</summary>
internal sealed class AdminKeyTable(Database db)
{
    private readonly SchemaGate _schema = new(db, AdminSchema.Component, AdminSchema.Steps);

    public async Task<Dictionary<string, AdminKeyRecord>> AllAsync(CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT access_key_id AS AccessKeyId, name AS Name, create_bucket AS CreateBucket FROM admin_keys", cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.AccessKeyId, r => new AdminKeyRecord(r.AccessKeyId, r.Name, r.CreateBucket != 0), StringComparer.Ordinal);
    }

    public async Task<AdminKeyRecord?> FindAsync(string accessKeyId, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT access_key_id AS AccessKeyId, name AS Name, create_bucket AS CreateBucket FROM admin_keys WHERE access_key_id = @accessKeyId",
            new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new AdminKeyRecord(row.AccessKeyId, row.Name, row.CreateBucket != 0);
    }

    public async Task SaveAsync(AdminKeyRecord record, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO admin_keys (access_key_id, name, create_bucket) VALUES (@AccessKeyId, @Name, @CreateBucket)
            ON CONFLICT (access_key_id) DO UPDATE SET name = @Name, create_bucket = @CreateBucket
            """, new { record.AccessKeyId, record.Name, CreateBucket = record.CreateBucket ? 1 : 0 }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string accessKeyId, CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM admin_keys WHERE access_key_id = @accessKeyId", new { accessKeyId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private sealed class Row
    {
        public string AccessKeyId { get; set; } = "";
        public string Name { get; set; } = "";
        public long CreateBucket { get; set; }
    }
}
