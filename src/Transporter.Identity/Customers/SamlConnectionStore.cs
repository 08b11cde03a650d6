using Dapper;
using Transporter.Core.Persistence;
using Transporter.Identity.Accounts;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Customers;

/// <summary>One SAML connection per root (RSCreate/Get/Update/DeleteSAMLConnection). Only stored and returned: SAML
/// sign-in is not offered (no SAML library in this package source), and RSLogin refuses federated users.</summary>
public sealed class SamlConnectionStore(Database db, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, CustomerSchema.Component, CustomerSchema.Steps);

    /// <summary>Creates the root's connection, or (<paramref name="replace"/>) replaces the one it has; Conflict when
    /// creating over an existing one, NotFound when replacing none.</summary>
    public async Task<SamlConnection> SaveAsync(string root, string metadataXml, DateTimeOffset? expiresAt, bool replace, CancellationToken ct = default)
    {
        var now = clock.NowMs();
        var expires = expiresAt?.ToUnixTimeMilliseconds();
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        int changed;
        if (replace)
        {
            changed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE customer_saml_connections SET metadata_xml = @metadataXml, expires_at = @expires, updated_at = @now WHERE root_name = @root
                """, new { root, metadataXml, expires, now }, cancellationToken: ct)).ConfigureAwait(false);
            if (changed == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"{root} has no SAML connection.");
        }
        else
        {
            changed = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO customer_saml_connections (root_name, metadata_xml, expires_at, created_at, updated_at)
                VALUES (@root, @metadataXml, @expires, @now, @now) ON CONFLICT (root_name) DO NOTHING
                """, new { root, metadataXml, expires, now }, cancellationToken: ct)).ConfigureAwait(false);
            if (changed == 0) throw new IdentityException(IdentityErrorKind.Conflict, $"{root} already has a SAML connection.");
        }
        return (await GetAsync(root, ct).ConfigureAwait(false))!;
    }

    public async Task<SamlConnection?> GetAsync(string root, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT root_name AS Root, metadata_xml AS MetadataXml, expires_at AS ExpiresAt, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM customer_saml_connections WHERE root_name = @root
            """, new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new SamlConnection(row.Root, row.MetadataXml, FromMs(row.ExpiresAt), FromMs(row.CreatedAt), FromMs(row.UpdatedAt));
    }

    public async Task DeleteAsync(string root, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM customer_saml_connections WHERE root_name = @root", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"{root} has no SAML connection.");
    }

    private sealed class Row
    {
        public string Root { get; set; } = "";
        public string MetadataXml { get; set; } = "";
        public long? ExpiresAt { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
    }
}
