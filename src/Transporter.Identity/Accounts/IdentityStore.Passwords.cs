using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>Sets a user's password (its PBKDF2 hash); <paramref name="mustChange"/> asks for a new one at next sign-in.</summary>
    public async Task SetPasswordAsync(string root, string userName, string password, bool mustChange, CancellationToken ct = default)
    {
        if (PasswordHashing.Weakness(password) is { } weakness) throw new IdentityException(IdentityErrorKind.Invalid, weakness);
        var hash = PasswordHashing.Hash(password);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await RequireUserAsync(connection, null, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_passwords (root_name, user_name, hash, must_change, changed_at) VALUES (@root, @userName, @hash, @mustChange, @now)
            ON CONFLICT (root_name, user_name) DO UPDATE SET hash = excluded.hash, must_change = excluded.must_change, changed_at = excluded.changed_at
            """, new { root, userName, hash, mustChange, now = NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>True when the user has a password and <paramref name="password"/> is it.</summary>
    public async Task<bool> VerifyPasswordAsync(string root, string userName, string password, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT hash FROM identity_passwords WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct))
            .ConfigureAwait(false);
        return hash is not null && PasswordHashing.Verify(password, hash);
    }

    /// <summary>True when the user's password was set with "must change" (PasswordResetRequired) and not changed since.</summary>
    public async Task<bool> PasswordMustChangeAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "SELECT must_change FROM identity_passwords WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct))
            .ConfigureAwait(false) ?? false;
    }
}
