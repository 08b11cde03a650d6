using Dapper;
using Transporter.Core.Persistence;
using Transporter.Identity.Accounts;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Customers;

/// <summary>The whitelist rules of roots (RSWhitelist*): added Pending, approved (Active, with an expiry when the rule
/// has a TTL) or rejected by the root's reseller, deleted. <see cref="Changed"/> tells the <see cref="RootAccessGate"/>.</summary>
public sealed class WhitelistStore(Database db, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, CustomerSchema.Component, CustomerSchema.Steps);

    public event Action? Changed;

    public async Task<WhitelistRule> AddAsync(string root, string subNet, IReadOnlyList<string> regions, string notes, int? ttlDays,
        CancellationToken ct = default)
    {
        var id = Guid.NewGuid().ToString();
        var now = clock.NowMs();
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO customer_whitelist_rules (id, root_name, sub_net, regions, notes, ttl_days, status, inserted_at, updated_at, expires_at)
            VALUES (@id, @root, @subNet, @regions, @notes, @ttlDays, 'Pending', @now, @now, NULL)
            """, new { id, root, subNet, regions = string.Join(',', regions), notes, ttlDays, now }, cancellationToken: ct)).ConfigureAwait(false);
        Changed?.Invoke();
        return (await GetAsync(root, id, ct).ConfigureAwait(false))!;
    }

    public async Task<WhitelistRule?> GetAsync(string root, string ruleId, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            Select + " WHERE root_name = @root AND id = @ruleId", new { root, ruleId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRule();
    }

    /// <summary>The rules of <paramref name="root"/>, or of every root when null, oldest first.</summary>
    public async Task<IReadOnlyList<WhitelistRule>> ListAsync(string? root, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RuleRow>(new CommandDefinition(
            Select + (root is null ? "" : " WHERE root_name = @root") + " ORDER BY inserted_at, id", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRule()).ToList();
    }

    /// <summary>Moves a Pending rule to Active (its TTL counting from now) or Rejected; a rule no longer Pending is
    /// InvalidInput, an unknown one NotFound.</summary>
    public async Task<WhitelistRule> DecideAsync(string root, string ruleId, bool approve, string? notes, CancellationToken ct = default)
    {
        var rule = await GetAsync(root, ruleId, ct).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The rule {ruleId} of {root} does not exist.");
        if (rule.Status != WhitelistRule.Pending)
            throw new IdentityException(IdentityErrorKind.Invalid, $"The rule {ruleId} is {rule.Status}, not Pending.");
        var now = clock.NowMs();
        long? expires = approve && rule.TtlDays is { } days ? now + (long)TimeSpan.FromDays(days).TotalMilliseconds : null;
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE customer_whitelist_rules SET status = @status, updated_at = @now, expires_at = @expires, notes = @notes
            WHERE root_name = @root AND id = @ruleId AND status = 'Pending'
            """, new { root, ruleId, status = approve ? WhitelistRule.Active : WhitelistRule.Rejected, now, expires, notes = notes ?? rule.Notes },
            cancellationToken: ct)).ConfigureAwait(false);
        Changed?.Invoke();
        return (await GetAsync(root, ruleId, ct).ConfigureAwait(false))!;
    }

    public async Task DeleteAsync(string root, string ruleId, CancellationToken ct = default)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM customer_whitelist_rules WHERE root_name = @root AND id = @ruleId", new { root, ruleId }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"The rule {ruleId} of {root} does not exist.");
        Changed?.Invoke();
    }

    private const string Select = """
        SELECT id AS RuleId, root_name AS Root, sub_net AS SubNet, regions AS Regions, notes AS Notes, ttl_days AS TtlDays, status AS Status,
               inserted_at AS InsertedAt, updated_at AS UpdatedAt, expires_at AS ExpiresAt
        FROM customer_whitelist_rules
        """;

    private sealed class RuleRow
    {
        public string RuleId { get; set; } = "";
        public string Root { get; set; } = "";
        public string SubNet { get; set; } = "";
        public string Regions { get; set; } = "";
        public string Notes { get; set; } = "";
        public long? TtlDays { get; set; }
        public string Status { get; set; } = "";
        public long InsertedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long? ExpiresAt { get; set; }

        public WhitelistRule ToRule() => new(RuleId, Root, SubNet, Regions.Split(',', StringSplitOptions.RemoveEmptyEntries), Notes,
            TtlDays is { } d ? (int)d : null, Status, FromMs(InsertedAt), FromMs(UpdatedAt), FromMs(ExpiresAt));
    }
}
