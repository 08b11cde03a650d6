namespace Transporter.Identity.Accounts;

/// <summary>
/// Signing in with a customer (root) name, user name, password and, for a user with two-factor sign-in, a one-time
/// password (a current TOTP code or an unused recovery code): the rules STS RSLogin and the GUI's password sign-in share.
/// Success issues temporary keys (an STS session without a session policy). A wrong customer, user or password is one
/// refusal that reveals nothing, and costs the same key derivation whichever it was; only a caller who knows the
/// password learns whether the user has two-factor sign-in; a user whose AuthMethod is federated (SAML, not offered
/// here) is refused saying so.
/// </summary>
public sealed class PasswordSignIn(UserStore users, PasswordStore passwords, TwoFactorStore twoFactor, SessionStore sessions)
{
    private static readonly Lazy<string> UnknownUserHash = new(() => PasswordHashing.Hash(Guid.NewGuid().ToString("N") + "Aa1"));

    public async Task<PasswordSignInResult> SignInAsync(string root, string userName, string password, string? otp, TimeSpan duration, CancellationToken ct)
    {
        var user = await users.GetUserAsync(root, userName, ct).ConfigureAwait(false);
        if (user is null) PasswordHashing.Verify(password, UnknownUserHash.Value);
        var profile = user is null ? null : await users.GetProfileAsync(root, userName, ct).ConfigureAwait(false);
        if (profile?.AuthMethod == UserProfile.Federated)
            return PasswordSignInResult.Refused(PasswordSignInRefusal.Federated,
                "This user signs in with SAML (AuthMethod federated), which this platform does not offer; sign in with an access key, or have the root set AuthMethod password.");
        if (user is null || profile is null || !await passwords.VerifyPasswordAsync(root, userName, password, ct).ConfigureAwait(false))
            return PasswordSignInResult.Refused(PasswordSignInRefusal.WrongCredentials, "The customer, user name or password is wrong.");
        otp = otp?.Trim() ?? "";
        var hasTwoFactor = await twoFactor.IsTwoFactorEnabledAsync(root, userName, ct).ConfigureAwait(false);
        if (!hasTwoFactor && otp.Length > 0)
            return PasswordSignInResult.Refused(PasswordSignInRefusal.OneTimePasswordNotExpected, "This user has no two-factor sign-in: send OTP empty.");
        if (hasTwoFactor && otp.Length == 0)
            return PasswordSignInResult.Refused(PasswordSignInRefusal.OneTimePasswordRequired, "This user signs in with a one-time password too: send OTP.");
        if (hasTwoFactor && !await twoFactor.VerifyTwoFactorAsync(root, userName, otp, ct).ConfigureAwait(false))
            return PasswordSignInResult.Refused(PasswordSignInRefusal.OneTimePasswordWrong, "The one-time password is wrong or expired.");
        var session = await sessions.CreateSessionAsync(root, userName, duration, null, ct).ConfigureAwait(false);
        var mustChange = await passwords.PasswordMustChangeAsync(root, userName, ct).ConfigureAwait(false);
        return new PasswordSignInResult(null, "", new SignedInUser(user, profile, session, hasTwoFactor, mustChange));
    }
}

/// <summary>Why a password sign-in was refused.</summary>
public enum PasswordSignInRefusal
{
    /// <summary>Unknown customer or user, or a wrong password: one answer for all three.</summary>
    WrongCredentials,
    Federated,
    OneTimePasswordRequired,
    OneTimePasswordNotExpected,
    OneTimePasswordWrong,
}

/// <summary>A user signed in with its password: its records and the temporary keys issued.</summary>
public sealed record SignedInUser(UserInfo User, UserProfile Profile, NewSession Session, bool TwoFactor, bool PasswordMustChange)
{
    /// <summary>The caller the temporary keys stand for.</summary>
    public Caller Caller => new(User.Root, User.UserName, Session.AccessKeyId, User.IsRoot) { IsSession = true };
}

/// <summary>Either <see cref="SignedIn"/> or a <see cref="Refusal"/> with the sentence to show.</summary>
public sealed record PasswordSignInResult(PasswordSignInRefusal? Refusal, string Message, SignedInUser? SignedIn)
{
    public static PasswordSignInResult Refused(PasswordSignInRefusal refusal, string message) => new(refusal, message, null);
}
