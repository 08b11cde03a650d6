using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using OtpNet;

namespace Transporter.Identity.Accounts;

/// <summary>Users' TOTP two-factor sign-in: a secret prepared, confirmed by a code, verified at sign-in (or a recovery
/// code, once), turned off.</summary>
public sealed class TwoFactorStore(IdentityDatabase db)
{
    /// <summary>How long a secret from <see cref="PrepareTwoFactorAsync"/> may be confirmed (the spec's 30 minutes).</summary>
    public static readonly TimeSpan TwoFactorPreparationLifetime = TimeSpan.FromMinutes(30);

    public const int RecoveryCodeCount = 10;

    /// <summary>A new TOTP secret (base32, RFC 6238: SHA-1, 6 digits, 30 s) for the user, pending until
    /// <see cref="EnableTwoFactorAsync"/> confirms it; an enabled one stays in force meanwhile. Kept encrypted.</summary>
    public async Task<string> PrepareTwoFactorAsync(string root, string userName, CancellationToken ct = default)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_tfa (root_name, user_name, secret_protected, pending_protected, pending_at, recovery_hashes)
            VALUES (@root, @userName, NULL, @pending, @now, '')
            ON CONFLICT (root_name, user_name) DO UPDATE SET pending_protected = excluded.pending_protected, pending_at = excluded.pending_at
            """, new { root, userName, pending = db.Secrets.Protect(secret), now = db.NowMs() }, cancellationToken: ct)).ConfigureAwait(false);
        return secret;
    }

    /// <summary>Enables two-factor sign-in when <paramref name="otp"/> is a current code of the prepared secret; returns
    /// the recovery codes (each usable once instead of a code; only their hashes are kept), or null for a wrong code.
    /// Invalid when nothing was prepared in the last 30 minutes.</summary>
    public async Task<IReadOnlyList<string>?> EnableTwoFactorAsync(string root, string userName, string otp, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await LoadAsync(connection, root, userName, ct).ConfigureAwait(false);
        if (row?.PendingProtected is null || row.PendingAt is not { } at || db.NowMs() - at > (long)TwoFactorPreparationLifetime.TotalMilliseconds)
            throw new IdentityException(IdentityErrorKind.Invalid, "No two-factor secret was prepared in the last 30 minutes: call RSPrepareTFA first.");
        var secret = db.Secrets.Unprotect(row.PendingProtected);
        if (!IsCurrentCode(secret, otp)) return null;
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE identity_tfa SET secret_protected = pending_protected, pending_protected = NULL, pending_at = NULL, recovery_hashes = @hashes
            WHERE root_name = @root AND user_name = @userName
            """, new { root, userName, hashes = string.Join(",", codes.Select(HashCode)) }, cancellationToken: ct)).ConfigureAwait(false);
        return codes;
    }

    /// <summary>Turns two-factor sign-in off (and forgets any prepared secret and the recovery codes).</summary>
    public async Task DisableTwoFactorAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        await UserSql.RequireAsync(connection, null, root, userName).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM identity_tfa WHERE root_name = @root AND user_name = @userName",
            new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> IsTwoFactorEnabledAsync(string root, string userName, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await LoadAsync(connection, root, userName, ct).ConfigureAwait(false))?.SecretProtected is not null;
    }

    /// <summary>True when <paramref name="otp"/> is a current code of the user's enabled secret, or one of its unused
    /// recovery codes (which is then used up).</summary>
    public async Task<bool> VerifyTwoFactorAsync(string root, string userName, string otp, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await LoadAsync(connection, root, userName, ct).ConfigureAwait(false);
        if (row?.SecretProtected is null) return false;
        if (IsCurrentCode(db.Secrets.Unprotect(row.SecretProtected), otp)) return true;
        var hashes = row.RecoveryHashes.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!hashes.Remove(HashCode(otp.Trim().ToLowerInvariant()))) return false;
        // Compare-and-set on the old list, so that one recovery code signs in once even when two requests race.
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE identity_tfa SET recovery_hashes = @next WHERE root_name = @root AND user_name = @userName AND recovery_hashes = @previous
            """, new { root, userName, next = string.Join(",", hashes), previous = row.RecoveryHashes }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>The code of now, of the previous or of the next 30-second step (clocks drift).</summary>
    private bool IsCurrentCode(string secret, string otp) =>
        otp.Length == 6 && otp.All(char.IsAsciiDigit)
        && new Totp(Base32Encoding.ToBytes(secret)).VerifyTotp(db.Clock.GetUtcNow().UtcDateTime, otp, out _, VerificationWindow.RfcSpecifiedNetworkDelay);

    private static string HashCode(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static Task<TwoFactorRow?> LoadAsync(DbConnection connection, string root, string userName, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<TwoFactorRow?>(new CommandDefinition("""
            SELECT secret_protected AS SecretProtected, pending_protected AS PendingProtected, pending_at AS PendingAt, recovery_hashes AS RecoveryHashes
            FROM identity_tfa WHERE root_name = @root AND user_name = @userName
            """, new { root, userName }, cancellationToken: ct));
}
