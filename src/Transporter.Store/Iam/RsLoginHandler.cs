using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

/// <summary>
/// STS RSLogin: a user signs in with its customer (root) name, user name and password, unsigned, and gets temporary keys
/// (an STS session without a session policy) and its details, as JSON in the spec's shape. The rules are
/// <see cref="PasswordSignIn"/>'s (shared with the GUI): refusals are 403 AccessDenied, an OTP sent for a user without
/// two-factor sign-in is InvalidInput.
/// </summary>
internal sealed class RsLoginHandler(RootStore rootStore, UserStore userStore, PasswordSignIn signIn)
{
    public const string Action = "RSLogin";
    public const int DefaultDurationSeconds = 3600;
    public const int MinDurationSeconds = 60;

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
        var otp = parameters.TryGetValue("OTP", out var given) ? given : "";
        var result = await signIn.SignInAsync(root, userName, password, otp, TimeSpan.FromSeconds(duration), ct).ConfigureAwait(false);
        if (result.SignedIn is not { } signedIn)
            throw result.Refusal == PasswordSignInRefusal.OneTimePasswordNotExpected ? IamException.InvalidInput(result.Message) : IamException.AccessDenied(result.Message);
        var (user, profile, session, twoFactor, mustChange) = (signedIn.User, signedIn.Profile, signedIn.Session, signedIn.TwoFactor, signedIn.PasswordMustChange);
        var info = await rootStore.GetRootAsync(root, ct).ConfigureAwait(false) ?? throw IamException.AccessDenied("The customer, user name or password is wrong.");
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
                Firstname = profile.FirstName,
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
        return signedIn.Caller;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
