using Transporter.Core.Migrations;
using Transporter.Identity;

namespace Transporter.Api.Http;

/// <summary>The authenticated caller of an API request, put there by <see cref="TransporterAuthFilter"/>.</summary>
public static class CallerContext
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller Caller(this HttpContext context) =>
        context.Items[Key] as Caller ?? throw new InvalidOperationException("the request was not authenticated");

    /// <summary>The caller as the owner of migrations (root, user, and whether it sees the whole root).</summary>
    public static MigrationOwner Owner(this HttpContext context)
    {
        var caller = context.Caller();
        return new MigrationOwner(caller.Root, caller.UserName, caller.IsRoot);
    }
}
