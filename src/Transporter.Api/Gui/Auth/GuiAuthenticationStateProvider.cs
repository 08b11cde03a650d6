using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;

namespace Transporter.Api.Gui.Auth;

/// <summary>
/// Keeps an open page honest: every half minute it checks that the user's session was not signed out (in another tab)
/// or expired, that the access key used to sign in still exists, and that its customer is neither disabled nor cut off from
/// the Transporter service; otherwise the page falls back to the sign-in form.
/// </summary>
public sealed class GuiAuthenticationStateProvider(ILoggerFactory loggerFactory, GuiSessionStore sessions, AccessKeyStore accessKeyStore,
    RootAccessGate gate)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.ToCaller() is not { } caller || user.FindFirst(GuiClaims.Session)?.Value is not { } session) return false;
        return await sessions.IsActiveAsync(session, cancellationToken)
               && await accessKeyStore.GetAccessKeyAsync(caller.AccessKey, cancellationToken) is not null
               && await gate.RefusalAsync(caller, RootAccessGate.GuiService, null, cancellationToken) is null;
    }
}
