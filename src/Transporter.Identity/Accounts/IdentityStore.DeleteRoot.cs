using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>Deletes a root with its users and their keys (ostor-users delete); the caller makes sure it owns no
    /// buckets. Its keys stop signing at once in this process.</summary>
    public async Task DeleteRootAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var keys = (await connection.QueryAsync<string>(
            "SELECT access_key_id FROM identity_access_keys WHERE root_name = @name", new { name }, tx).ConfigureAwait(false)).ToList();
        await connection.ExecuteAsync("DELETE FROM identity_access_keys WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM identity_users WHERE root_name = @name", new { name }, tx).ConfigureAwait(false);
        var deleted = await connection.ExecuteAsync("DELETE FROM identity_roots WHERE name = @name", new { name }, tx).ConfigureAwait(false);
        if (deleted == 0) throw new IdentityException(IdentityErrorKind.NotFound, $"The root '{name}' does not exist.");
        await tx.CommitAsync(ct).ConfigureAwait(false);
        foreach (var key in keys) OnAccessKeyChanged(key);
    }
}
