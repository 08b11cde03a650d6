using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

/// <summary>
/// STS RSLogin: a user signs in with its customer (root) name, user name and password, unsigned, and gets temporary keys
/// (an STS session without a session policy) and its details, as JSON in the spec's shape. A wrong customer, user or
/// password is one answer (403 AccessDenied) so that it reveals nothing; a user whose AuthMethod is federated (SAML,
/// not offered here: no SAML library) is refused saying so. A user with two-factor sign-in (RSEnableTFA) needs OTP: a
/// current TOTP code or an unused recovery code; a user without it must send OTP empty.
/// </summary>
internal sealed class RsLoginHandler(
    RootStore rootStore, UserStore userStore, PasswordStore passwordStore, TwoFactorStore twoFactorStore, SessionStore sessionStore)
{
    public const string Action = "RSLogin";
    public const int DefaultDurationSeconds = 3600;
    public const int MinDurationSeconds = 60;

    private static readonly Lazy<string> UnknownUserHash = new(() => PasswordHashing.Hash(Guid.NewGuid().ToString("N") + "Aa1"));

    /// <summary>The user the request names, when its customer and user exist (the audit log's caller, signed in or not).</summary>
    public async Task<Caller?> NamedUserAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        if (!parameters.TryGetValue("Customer", out var root) || !parameters.TryGetValue("UserName", out var userName)
            || root.Length == 0 || userName.Length == 0) return null;
        var user = await userStore.GetUserAsync(root, userName, ct).ConfigureAwait(false);
        return user is null ? null : new Caller(user.Root, user.UserName, "-", user.IsRoot);
    }

    public async Task<Caller> LoginAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, string requestId)
    {
        var ct = context.RequestAborted;
        string Required(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw IamException.Missing(name);
        var root = Required("Customer");
        var userName = Required("UserName");
        var password = Required("Password");
        var duration = DefaultDurationSeconds;
        if (parameters.TryGetValue("DurationSeconds", out var text) && text.Length > 0
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < MinDurationSeconds || duration > StsHandler.MaxDurationSeconds))
            throw IamException.Validation($"DurationSeconds must be between {MinDurationSeconds} and {StsHandler.MaxDurationSeconds}.");
        var user = await userStore.GetUserAsync(root, userName, ct).ConfigureAwait(false);
        // An unknown user costs the same key derivation as a wrong password, so timing does not tell them apart.
        if (user is null) PasswordHashing.Verify(password, UnknownUserHash.Value);
        var profile = user is null ? null : await userStore.GetProfileAsync(root, userName, ct).ConfigureAwait(false);
        if (profile?.AuthMethod == UserProfile.Federated)
            throw IamException.AccessDenied(
                "This user signs in with SAML (AuthMethod federated), which this platform does not offer; sign in with an access key, or have the root set AuthMethod password.");
        if (user is null || !await passwordStore.VerifyPasswordAsync(root, userName, password, ct).ConfigureAwait(false))
            throw IamException.AccessDenied("The customer, user name or password is wrong.");
        // Only a caller who knows the password learns whether the user has two-factor sign-in.
        var otp = parameters.TryGetValue("OTP", out var given) ? given.Trim() : "";
        var twoFactor = await twoFactorStore.IsTwoFactorEnabledAsync(root, userName, ct).ConfigureAwait(false);
        if (!twoFactor && otp.Length > 0) throw IamException.InvalidInput("This user has no two-factor sign-in: send OTP empty.");
        if (twoFactor && otp.Length == 0) throw IamException.AccessDenied("This user signs in with a one-time password too: send OTP.");
        if (twoFactor && !await twoFactorStore.VerifyTwoFactorAsync(root, userName, otp, ct).ConfigureAwait(false))
            throw IamException.AccessDenied("The one-time password is wrong or expired.");
        var session = await sessionStore.CreateSessionAsync(root, userName, TimeSpan.FromSeconds(duration), null, ct).ConfigureAwait(false);
        var info = await rootStore.GetRootAsync(root, ct).ConfigureAwait(false) ?? throw IamException.AccessDenied("The customer, user name or password is wrong.");
        var mustChange = await passwordStore.PasswordMustChangeAsync(root, userName, ct).ConfigureAwait(false);
        var answer = new
        {
            RequestId = requestId,
            Credentials = new
            {
                session.SessionToken,
                session.SecretAccessKey,
                Expiration = Iso(session.Expiration),
                session.AccessKeyId,
            },
            UserInfo = new
            {
                Id = user.Id,
                Name = user.UserName,
                PwdMustChange = mustChange,
                Email = user.UserName,
                Firstname = profile!.FirstName,
                Lastname = profile.LastName,
                Type = profile.Type,
                CreatedOn = Iso(user.CreatedAt),
                LastAccess = Iso(DateTimeOffset.UtcNow),
                Path = "",
                Root = info.Name,
                TFAEnabled = twoFactor,
            },
        };
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await JsonSerializer.SerializeAsync(context.Response.Body, answer, cancellationToken: ct).ConfigureAwait(false);
        return new Caller(root, userName, session.AccessKeyId, user.IsRoot) { IsSession = true };
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
