using System.Security.Claims;
using Transporter.Core.Migrations;
using Transporter.Identity;

namespace Transporter.Api.Gui.Auth;

/// <summary>The signed-in user as claims: the same <see cref="Caller"/> (root, user, access key) the API authenticates.</summary>
public static class GuiClaims
{
    public const string Root = "transporter:root";
    public const string User = "transporter:user";
    public const string AccessKey = "transporter:access-key";
    public const string IsRootUser = "transporter:is-root";

    /// <summary>Set by <see cref="GuiSessionStore"/>: which server-side session the cookie points to.</summary>
    public const string Session = "transporter:session";

    public static ClaimsPrincipal ToPrincipal(Caller caller) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, caller.UserName),
        new Claim(Root, caller.Root),
        new Claim(User, caller.UserName),
        new Claim(AccessKey, caller.AccessKey),
        new Claim(IsRootUser, caller.IsRoot ? "true" : "false"),
    ], GuiAuthentication.Scheme));

    /// <summary>The caller a principal stands for, or null when it is not a signed-in GUI user.</summary>
    public static Caller? ToCaller(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var root = principal.FindFirstValue(Root);
        var user = principal.FindFirstValue(User);
        var key = principal.FindFirstValue(AccessKey);
        if (root is null || user is null || key is null) return null;
        return new Caller(root, user, key, principal.FindFirstValue(IsRootUser) == "true");
    }

    public static MigrationOwner ToOwner(this Caller caller) => new(caller.Root, caller.UserName, caller.IsRoot);
}
