using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Transporter.Identity.Accounts;

/// <summary>Users' sign-in passwords (PBKDF2 hashes) and the single-use tokens that reset them.</summary>
public sealed class PasswordStore(IdentityDatabase db)
{
    /// <summary>How long a password reset token works (the spec's 6 hours).</summary>
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(6);

    /// <summary>Sets a user's password (its PBKDF2 hash); <paramref name="mustChange"/> asks for a new one at next sign-in.</summary>
    public async Task SetPasswordAsync(string root, string userName, string password, bool mustChange, CancellationToken ct = default)
    {
        if (PasswordHashing.Weakness(password) is { } weakness) throw new IdentityException(IdentityErrorKind.Invalid, weakness);
        var hash = PasswordHashing.Hash(password);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_passwords (root_name, user_name, hash, must_change, changed_at) VALUES (@root, @userName, @hash, @mustChange, @now)
            ON CONFLICT (root_name, user_name) DO UPDATE SET hash = excluded.hash, must_change = excluded.must_change, changed_at = excluded.changed_at
            """, new { root, userName, hash, mustChange, now = db.NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>True when the user has a password and <paramref name="password"/> is it.</summary>
    public async Task<bool> VerifyPasswordAsync(string root, string userName, string password, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT hash FROM identity_passwords WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct))
            .ConfigureAwait(false);
        return hash is not null && PasswordHashing.Verify(password, hash);
    }

    /// <summary>True when the user's password was set with "must change" (PasswordResetRequired) and not changed since.</summary>
    public async Task<bool> PasswordMustChangeAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "SELECT must_change FROM identity_passwords WHERE root_name = @root AND user_name = @userName", new { root, userName }, cancellationToken: ct))
            .ConfigureAwait(false) ?? false;
    }

    /// <summary>A new single-use token that sets the user's password through <see cref="ResetPasswordAsync"/>; only its
    /// SHA-256 is kept. <paramref name="invalidatePassword"/> (a token asked for by someone else) removes the current
    /// password at once, as the spec says.</summary>
    public async Task<string> CreatePasswordResetTokenAsync(string root, string userName, bool invalidatePassword, CancellationToken ct = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, tx, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM identity_password_resets WHERE expires_at < @now", new { now = db.NowMs() }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO identity_password_resets (token_hash, root_name, user_name, expires_at) VALUES (@hash, @root, @userName, @expires)
            """, new { hash = TokenHash(token), root, userName, expires = db.NowMs() + (long)PasswordResetLifetime.TotalMilliseconds }, tx).ConfigureAwait(false);
        if (invalidatePassword)
            await connection.ExecuteAsync("DELETE FROM identity_passwords WHERE root_name = @root AND user_name = @userName", new { root, userName }, tx)
                .ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return token;
    }

    /// <summary>Sets the password of the token's user and uses the token up; returns that user, or null for an unknown,
    /// used or expired token. A weak password is refused (Invalid) and leaves the token usable.</summary>
    public async Task<(string Root, string UserName)?> ResetPasswordAsync(string token, string newPassword, CancellationToken ct = default)
    {
        if (PasswordHashing.Weakness(newPassword) is { } weakness) throw new IdentityException(IdentityErrorKind.Invalid, weakness);
        var hash = PasswordHashing.Hash(newPassword);
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var owner = await connection.QuerySingleOrDefaultAsync<PasswordResetOwner>("""
            DELETE FROM identity_password_resets WHERE token_hash = @hash AND expires_at >= @now RETURNING root_name AS Root, user_name AS UserName
            """, new { hash = TokenHash(token), now = db.NowMs() }, tx).ConfigureAwait(false);
        if (owner is null) return null;
        await connection.ExecuteAsync("""
            INSERT INTO identity_passwords (root_name, user_name, hash, must_change, changed_at) VALUES (@Root, @UserName, @hash, FALSE, @now)
            ON CONFLICT (root_name, user_name) DO UPDATE SET hash = excluded.hash, must_change = excluded.must_change, changed_at = excluded.changed_at
            """, new { owner.Root, owner.UserName, hash, now = db.NowMs() }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (owner.Root, owner.UserName);
    }

    private static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
