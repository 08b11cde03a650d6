using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>Creates a root with its root user and that user's first access key (generated unless given).</summary>
    public async Task<CreatedRoot> CreateRootAsync(string name, string rootUserName, string? accessKeyId = null, string? secretKey = null,
        CancellationToken ct = default)
    {
        IdentityNames.ValidateRoot(name);
        IdentityNames.ValidateUser(rootUserName);
        accessKeyId ??= CredentialGenerator.NewAccessKeyId();
        secretKey ??= CredentialGenerator.NewSecretKey();
        IdentityNames.ValidateAccessKey(accessKeyId, secretKey);

        var now = NowMs();
        var rootId = CredentialGenerator.NewNumericId();
        var userId = CredentialGenerator.NewNumericId();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM identity_roots WHERE name = @name", new { name }, tx).ConfigureAwait(false) > 0)
            throw new IdentityException(IdentityErrorKind.Conflict, $"The root '{name}' already exists.");
        await EnsureKeyIsFreeAsync(connection, tx, accessKeyId).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO identity_roots (name, id, created_at) VALUES (@name, @rootId, @now)", new { name, rootId, now }, tx).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO identity_users (root_name, user_name, id, is_root, created_at) VALUES (@name, @rootUserName, @userId, @isRoot, @now)",
                new { name, rootUserName, userId, isRoot = true, now }, tx).ConfigureAwait(false);
            await InsertKeyAsync(connection, tx, accessKeyId, secretKey, name, rootUserName, now).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e) when (IsUniqueViolation(e))
        {
            throw new IdentityException(IdentityErrorKind.Conflict, $"The root '{name}' or the access key already exists.");
        }
        OnAccessKeyChanged(accessKeyId);
        var created = FromMs(now);
        return new CreatedRoot(
            new RootInfo(name, rootId, rootUserName, created),
            new UserInfo(name, rootUserName, userId, true, created),
            new NewAccessKey(accessKeyId, secretKey, name, rootUserName, created));
    }

    public async Task<IReadOnlyList<RootInfo>> ListRootsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RootRow>(new CommandDefinition(RootSelect + " ORDER BY r.name", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    public async Task<RootInfo?> GetRootAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RootRow>(
            new CommandDefinition(RootSelect + " WHERE r.name = @name", new { name }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToInfo();
    }

    private const string RootSelect = """
        SELECT r.name AS Name, r.id AS Id, r.created_at AS CreatedAt,
               (SELECT u.user_name FROM identity_users u WHERE u.root_name = r.name AND u.is_root) AS RootUserName
        FROM identity_roots r
        """;

    private sealed class RootRow
    {
        public string Name { get; set; } = "";
        public string Id { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? RootUserName { get; set; }

        public RootInfo ToInfo() => new(Name, Id, RootUserName ?? "", FromMs(CreatedAt));
    }
}
