using System.Data.Common;
using Dapper;
using Transporter.Core.Persistence;
using Transporter.Identity.Accounts;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Customers;

/// <summary>
/// The customers of resellers, in the platform database next to the identity tables. A customer is a root (its root,
/// users and keys live in <see cref="RootStore"/>, <see cref="UserStore"/>, <see cref="AccessKeyStore"/>); this store keeps only what makes it a customer: its reseller,
/// status and settings, and its service switches. <see cref="Changed"/> tells <see cref="RootAccessGate"/> to reload.
/// </summary>
public sealed class CustomerStore(Database db, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, CustomerSchema.Component, CustomerSchema.Steps);

    /// <summary>Raised after any change in this process, so the access gate applies it at once.</summary>
    public event Action? Changed;

    public async Task<CustomerInfo> CreateAsync(string name, string reseller, string email, string assumeRoleControl, bool replicationEnforcement,
        IReadOnlyList<string> regions, bool restrictServiceAccess, CancellationToken ct = default)
    {
        var now = clock.NowMs();
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO customer_accounts (root_name, reseller, email, status, suspended_at, assume_role_control, assume_role_enabled,
                    replication_enforcement, regions, restrict_service_access, created_at)
                VALUES (@name, @reseller, @email, 'enabled', NULL, @assumeRoleControl, @assumeRoleEnabled, @replicationEnforcement, @regions,
                    @restrictServiceAccess, @now)
                """, new
            {
                name, reseller, email, assumeRoleControl, assumeRoleEnabled = false, replicationEnforcement,
                regions = string.Join(',', regions), restrictServiceAccess, now,
            }, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (DbException e) when (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } || e is Npgsql.PostgresException { SqlState: "23505" })
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The customer '{name}' already exists.");
        }
        Changed?.Invoke();
        return (await GetAsync(name, ct).ConfigureAwait(false))!;
    }

    public async Task<CustomerInfo?> GetAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<CustomerRow>(
            new CommandDefinition(Select + " WHERE root_name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    /// <summary>The customers of <paramref name="reseller"/>, by name.</summary>
    public async Task<IReadOnlyList<CustomerInfo>> ListAsync(string reseller, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CustomerRow>(
            new CommandDefinition(Select + " WHERE reseller = @reseller ORDER BY root_name", new { reseller }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    /// <summary>Every customer, for the access gate's snapshot.</summary>
    public async Task<IReadOnlyList<CustomerInfo>> ListAllAsync(CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CustomerRow>(new CommandDefinition(Select, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task ModifyAsync(string name, CustomerChange change, CancellationToken ct = default)
    {
        var current = await GetAsync(name, ct).ConfigureAwait(false)
                      ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The customer '{name}' does not exist.");
        var active = change.Active ?? current.Active;
        long? suspendedAt = active ? null : current.SuspendedAt?.ToUnixTimeMilliseconds() ?? clock.NowMs();
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE customer_accounts SET status = @status, suspended_at = @suspendedAt, assume_role_enabled = @assumeRoleEnabled,
                replication_enforcement = @replicationEnforcement, regions = @regions
            WHERE root_name = @name
            """, new
        {
            name, status = active ? "enabled" : "disabled", suspendedAt,
            assumeRoleEnabled = change.AssumeRoleEnabled ?? current.AssumeRoleEnabled,
            replicationEnforcement = change.ReplicationEnforcement ?? current.ReplicationEnforcement,
            regions = string.Join(',', change.Regions ?? current.Regions),
        }, cancellationToken: ct)).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Forgets a customer with its service switches, whitelist rules and SAML connection (its root is deleted by
    /// the caller; its billing rows age out with their retention).</summary>
    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM customer_services WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM customer_whitelist_rules WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM customer_saml_connections WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM customer_accounts WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Switches one service of a customer; <paramref name="expiresAt"/> ends an enabled service.</summary>
    public async Task SetServiceAsync(string name, string service, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO customer_services (root_name, service, enabled, expires_at) VALUES (@name, @service, @enabled, @expires)
            ON CONFLICT (root_name, service) DO UPDATE SET enabled = excluded.enabled, expires_at = excluded.expires_at
            """, new { name, service, enabled, expires = enabled ? expiresAt?.ToUnixTimeMilliseconds() : null }, cancellationToken: ct)).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Every service switch: root, service, enabled, expiry.</summary>
    public async Task<IReadOnlyList<ServiceSwitch>> ListServiceSwitchesAsync(CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SwitchRow>(new CommandDefinition(
            "SELECT root_name AS Root, service AS Service, enabled AS Enabled, expires_at AS ExpiresAt FROM customer_services",
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new ServiceSwitch(r.Root, r.Service, r.Enabled, FromMs(r.ExpiresAt))).ToList();
    }

    private const string Select = """
        SELECT root_name AS Name, reseller AS Reseller, email AS Email, status AS Status, suspended_at AS SuspendedAt,
               assume_role_control AS AssumeRoleControl, assume_role_enabled AS AssumeRoleEnabled,
               replication_enforcement AS ReplicationEnforcement, regions AS Regions, restrict_service_access AS RestrictServiceAccess,
               created_at AS CreatedAt
        FROM customer_accounts
        """;

    private sealed class SwitchRow
    {
        public string Root { get; set; } = "";
        public string Service { get; set; } = "";
        public bool Enabled { get; set; }
        public long? ExpiresAt { get; set; }
    }

    private sealed class CustomerRow
    {
        public string Name { get; set; } = "";
        public string Reseller { get; set; } = "";
        public string Email { get; set; } = "";
        public string Status { get; set; } = "";
        public long? SuspendedAt { get; set; }
        public string AssumeRoleControl { get; set; } = "";
        public bool AssumeRoleEnabled { get; set; }
        public bool ReplicationEnforcement { get; set; }
        public string Regions { get; set; } = "";
        public bool RestrictServiceAccess { get; set; }
        public long CreatedAt { get; set; }

        public CustomerInfo ToInfo() => new(Name, Reseller, Email, Status == "enabled", FromMs(SuspendedAt), AssumeRoleControl, AssumeRoleEnabled,
            ReplicationEnforcement, Regions.Split(',', StringSplitOptions.RemoveEmptyEntries), RestrictServiceAccess, FromMs(CreatedAt));
    }
}
