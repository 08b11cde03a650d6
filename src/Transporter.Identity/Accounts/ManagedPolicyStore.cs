using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Transporter.Identity.Policies;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>The managed policies of a root and their versions (up to <see cref="MaxPolicyVersions"/>, one the default:
/// the one in effect). Which users a policy is attached to is <see cref="PolicyAttachmentStore"/>'s.</summary>
public sealed partial class ManagedPolicyStore(IdentityDatabase db)
{
    /// <summary>IAM's limit on the versions of one managed policy.</summary>
    public const int MaxPolicyVersions = 5;

    /// <summary>IAM's limit on a managed policy document (characters, whitespace included).</summary>
    public const int MaxPolicyDocumentLength = 6144;

    /// <summary>Creates a managed policy of <paramref name="root"/> whose version v1 holds <paramref name="document"/>.</summary>
    public async Task<ManagedPolicyInfo> CreatePolicyAsync(string root, string name, string document, string? path = null, string? description = null,
        CancellationToken ct = default)
    {
        ValidatePolicyName(name);
        path = string.IsNullOrEmpty(path) ? "/" : path;
        if (!PolicyPathPattern().IsMatch(path))
            throw new IdentityException(IdentityErrorKind.Invalid, "A path begins and ends with '/' and holds at most 512 printable characters.");
        description ??= "";
        if (description.Length > 1000) throw new IdentityException(IdentityErrorKind.Invalid, "A description is at most 1000 characters.");
        ValidateDocument(document);
        var now = db.NowMs();
        var id = "ANPA" + CredentialGenerator.NewAccessKeyId()[..17];
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await RootSql.RequireAsync(connection, tx, root).ConfigureAwait(false);
        if (await PolicySql.FindAsync(connection, tx, root, name).ConfigureAwait(false) is not null)
            throw PolicyExists(name);
        try
        {
            await connection.ExecuteAsync("""
                INSERT INTO identity_policies (root_name, name, id, path, description, default_version, next_version, created_at, updated_at)
                VALUES (@root, @name, @id, @path, @description, 'v1', 2, @now, @now)
                """, new { root, name, id, path, description, now }, tx).ConfigureAwait(false);
            await connection.ExecuteAsync("""
                INSERT INTO identity_policy_versions (root_name, policy_name, version_id, document, created_at)
                VALUES (@root, @name, 'v1', @document, @now)
                """, new { root, name, document, now }, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IdentityDatabase.IsUniqueViolation(e))
        {
            throw PolicyExists(name);
        }
        var at = FromMs(now);
        return new ManagedPolicyInfo(root, name, id, path, description, "v1", 0, at, at);
    }

    public async Task<ManagedPolicyInfo> GetPolicyAsync(string root, string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await PolicySql.FindAsync(connection, null, root, name).ConfigureAwait(false))?.ToInfo() ?? throw PolicySql.NoSuchPolicy(name);
    }

    /// <summary>The policies of a root by name; only those attached to a user with <paramref name="onlyAttached"/>.</summary>
    public async Task<IReadOnlyList<ManagedPolicyInfo>> ListPoliciesAsync(string root, string? pathPrefix = null, bool onlyAttached = false,
        CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(
            PolicySql.Select + " WHERE p.root_name = @root ORDER BY p.name", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo())
            .Where(p => (pathPrefix is null || p.Path.StartsWith(pathPrefix, StringComparison.Ordinal)) && (!onlyAttached || p.AttachmentCount > 0))
            .ToList();
    }

    /// <summary>Deletes a policy that no user has attached and that has no version besides its default one.</summary>
    public async Task DeletePolicyAsync(string root, string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var policy = await PolicySql.FindAsync(connection, tx, root, name).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(name);
        if (policy.AttachmentCount > 0)
            throw new IdentityException(IdentityErrorKind.DeleteConflict, "Cannot delete a policy attached to entities.");
        if (await CountVersionsAsync(connection, tx, root, name).ConfigureAwait(false) > 1)
            throw new IdentityException(IdentityErrorKind.DeleteConflict, "Cannot delete a policy with versions besides the default one; delete them first.");
        await connection.ExecuteAsync("DELETE FROM identity_policies WHERE root_name = @root AND name = @name", new { root, name }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        db.OnPoliciesChanged();
    }

    /// <summary>Adds a version (at most <see cref="MaxPolicyVersions"/>), the default one when <paramref name="setAsDefault"/>.</summary>
    public async Task<PolicyVersionInfo> CreatePolicyVersionAsync(string root, string name, string document, bool setAsDefault, CancellationToken ct = default)
    {
        ValidateDocument(document);
        var now = db.NowMs();
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var policy = await PolicySql.FindAsync(connection, tx, root, name).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(name);
        if (await CountVersionsAsync(connection, tx, root, name).ConfigureAwait(false) >= MaxPolicyVersions)
            throw new IdentityException(IdentityErrorKind.LimitExceeded,
                $"A managed policy can have up to {MaxPolicyVersions} versions. Before you create a new version, you must delete an existing version.");
        var versionId = "v" + policy.NextVersion;
        await connection.ExecuteAsync("""
            INSERT INTO identity_policy_versions (root_name, policy_name, version_id, document, created_at)
            VALUES (@root, @name, @versionId, @document, @now)
            """, new { root, name, versionId, document, now }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            UPDATE identity_policies SET next_version = next_version + 1, updated_at = @now,
                default_version = CASE WHEN @setAsDefault THEN @versionId ELSE default_version END
            WHERE root_name = @root AND name = @name
            """, new { root, name, versionId, setAsDefault, now }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (setAsDefault) db.OnPoliciesChanged();
        return new PolicyVersionInfo(versionId, document, setAsDefault, FromMs(now));
    }

    public async Task<PolicyVersionInfo> GetPolicyVersionAsync(string root, string name, string versionId, CancellationToken ct = default)
    {
        var versions = await ListPolicyVersionsAsync(root, name, ct).ConfigureAwait(false);
        return versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw NoSuchVersion(name, versionId);
    }

    /// <summary>The versions of a policy, newest first (as IAM lists them).</summary>
    public async Task<IReadOnlyList<PolicyVersionInfo>> ListPolicyVersionsAsync(string root, string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var policy = await PolicySql.FindAsync(connection, null, root, name).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(name);
        var rows = await connection.QueryAsync<PolicyVersionRow>(new CommandDefinition("""
            SELECT version_id AS VersionId, document AS Document, created_at AS CreatedAt FROM identity_policy_versions
            WHERE root_name = @root AND policy_name = @name ORDER BY created_at DESC, version_id DESC
            """, new { root, name }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new PolicyVersionInfo(r.VersionId, r.Document, r.VersionId == policy.DefaultVersionId, FromMs(r.CreatedAt))).ToList();
    }

    /// <summary>Deletes a version other than the default one.</summary>
    public async Task DeletePolicyVersionAsync(string root, string name, string versionId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var policy = await PolicySql.FindAsync(connection, tx, root, name).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(name);
        if (policy.DefaultVersionId == versionId)
            throw new IdentityException(IdentityErrorKind.DeleteConflict, "Cannot delete the default version of a policy.");
        var deleted = await connection.ExecuteAsync(
            "DELETE FROM identity_policy_versions WHERE root_name = @root AND policy_name = @name AND version_id = @versionId",
            new { root, name, versionId }, tx).ConfigureAwait(false);
        if (deleted == 0) throw NoSuchVersion(name, versionId);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Makes an existing version the one in effect for every user the policy is attached to.</summary>
    public async Task SetDefaultPolicyVersionAsync(string root, string name, string versionId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        _ = await PolicySql.FindAsync(connection, tx, root, name).ConfigureAwait(false) ?? throw PolicySql.NoSuchPolicy(name);
        if (await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM identity_policy_versions WHERE root_name = @root AND policy_name = @name AND version_id = @versionId",
                new { root, name, versionId }, tx).ConfigureAwait(false) == 0)
            throw NoSuchVersion(name, versionId);
        await connection.ExecuteAsync(
            "UPDATE identity_policies SET default_version = @versionId, updated_at = @now WHERE root_name = @root AND name = @name",
            new { root, name, versionId, now = db.NowMs() }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        db.OnPoliciesChanged();
    }

    /// <summary>Refuses a document IAM would refuse (MalformedPolicyDocument): not JSON, a principal, an unknown condition
    /// operator, too long.</summary>
    public static void ValidateDocument(string? document)
    {
        if (string.IsNullOrEmpty(document)) throw new PolicyException("The policy document is empty.");
        if (document.Length > MaxPolicyDocumentLength)
            throw new PolicyException($"Cannot exceed quota for PolicySize: {MaxPolicyDocumentLength}");
        PolicyDocument.Parse(document, requirePrincipal: false);
    }

    private static void ValidatePolicyName(string? name)
    {
        if (name is null || !PolicyNamePattern().IsMatch(name))
            throw new IdentityException(IdentityErrorKind.Invalid, "A policy name is 1 to 128 letters, digits or any of +=,.@_-.");
    }

    private static Task<int> CountVersionsAsync(DbConnection connection, DbTransaction tx, string root, string name) =>
        connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM identity_policy_versions WHERE root_name = @root AND policy_name = @name", new { root, name }, tx);

    private static IdentityException NoSuchVersion(string name, string versionId) =>
        new(IdentityErrorKind.NotFound, $"Policy {name} version {versionId} does not exist or is not attachable.");

    private static IdentityException PolicyExists(string name) => new(IdentityErrorKind.Conflict, $"A policy called {name} already exists. Duplicate names are not allowed.");

    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex PolicyNamePattern();

    [GeneratedRegex(@"^/([\u0021-\u007E]{0,510}/)?$")]
    private static partial Regex PolicyPathPattern();
}
