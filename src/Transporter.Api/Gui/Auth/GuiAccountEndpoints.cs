using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Transporter.Api.Gui.Auth;

/// <summary>POST /ui/signout: ends the server-side session. A form post, so the anti-forgery token is checked.</summary>
public static class GuiAccountEndpoints
{
    public static IEndpointRouteBuilder MapGuiAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Binding a form field makes the endpoint require a valid anti-forgery token (UseAntiforgery checks it).
        endpoints.MapPost(GuiAuthentication.SignOutPath, async (HttpContext http, [FromForm(Name = "signout")] string? signout) =>
        {
            await http.SignOutAsync(GuiAuthentication.Scheme);
            return Results.Redirect(GuiAuthentication.SignInPath + "?signedOut=1");
        }).ExcludeFromDescription();
        return endpoints;
    }
}
