using Dapper;

namespace Transporter.Identity.Accounts;

/// <summary>Which managed policies are attached to which users, and the documents in effect for a user (what the
/// caches of users' policies load).</summary>
public sealed class PolicyAttachmentStore(IdentityDatabase db)
{
    /// <summary>IAM's limit on the managed policies attached to one user.</summary>
    public const int MaxPoliciesPerUser = 10;

    /// <summary>Raised after a policy, one of its versions or an attachment changed in this process (by this store or by
    /// <see cref="ManagedPolicyStore"/>), so the caches of users' policies drop what they hold (other processes converge by
    /// the cache's time to live).</summary>
    public event Action? PoliciesChanged
    {
        add => db.PoliciesChanged += value;
        remove => db.PoliciesChanged -= value;
    }

    /// <summary>Attaches a policy to a user (again: no change), at most <see cref="MaxPoliciesPerUser"/> per user.</summary>
    public async Task AttachUserPolicyAsync(string root, string userName, string policyName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, tx, root, userName).ConfigureAwait(false);
        _ = await PolicySql.FindAsync(connection, tx, root, policyName).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(policyName);
        var attached = (await connection.QueryAsync<string>(
            "SELECT policy_name FROM identity_user_policies WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx)
            .ConfigureAwait(false)).ToList();
        if (attached.Contains(policyName, StringComparer.Ordinal)) return;
        if (attached.Count >= MaxPoliciesPerUser)
            throw new IdentityException(IdentityErrorKind.LimitExceeded, $"Cannot exceed quota for PoliciesPerUser: {MaxPoliciesPerUser}.");
        await connection.ExecuteAsync(
            "INSERT INTO identity_user_policies (root_name, user_name, policy_name, attached_at) VALUES (@root, @userName, @policyName, @now)",
            new { root, userName, policyName, now = db.NowMs() }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        db.OnPoliciesChanged();
    }

    public async Task DetachUserPolicyAsync(string root, string userName, string policyName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        _ = await PolicySql.FindAsync(connection, null, root, policyName).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(policyName);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM identity_user_policies WHERE root_name = @root AND user_name = @userName AND policy_name = @policyName",
            new { root, userName, policyName }, cancellationToken: ct)).ConfigureAwait(false);
        if (deleted == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"Policy {policyName} was not found attached to user {userName}.");
        db.OnPoliciesChanged();
    }

    /// <summary>The policies attached to a user, by name.</summary>
    public async Task<IReadOnlyList<ManagedPolicyInfo>> ListAttachedUserPoliciesAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(PolicySql.Select + """
             JOIN identity_user_policies a ON a.root_name = p.root_name AND a.policy_name = p.name
            WHERE p.root_name = @root AND a.user_name = @userName ORDER BY p.name
            """, new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    /// <summary>The users a policy is attached to, by name.</summary>
    public async Task<IReadOnlyList<string>> ListEntitiesForPolicyAsync(string root, string policyName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        _ = await PolicySql.FindAsync(connection, null, root, policyName).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(policyName);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_name FROM identity_user_policies WHERE root_name = @root AND policy_name = @policyName ORDER BY user_name",
            new { root, policyName }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    /// <summary>The default-version documents of the policies attached to a user: what enforcement evaluates.</summary>
    public async Task<IReadOnlyList<string>> LoadUserPolicyDocumentsAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT v.document FROM identity_user_policies a
            JOIN identity_policies p ON p.root_name = a.root_name AND p.name = a.policy_name
            JOIN identity_policy_versions v ON v.root_name = p.root_name AND v.policy_name = p.name AND v.version_id = p.default_version
            WHERE a.root_name = @root AND a.user_name = @userName ORDER BY p.name
            """, new { root, userName }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }
}
