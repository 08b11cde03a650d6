namespace Transporter.Api.Gui.Auth;

/// <summary>Names of the GUI's cookie authentication: one server-side session per sign-in.</summary>
public static class GuiAuthentication
{
    public const string Scheme = "TransporterGui";

    /// <summary>Holds only the protected session key; the session itself lives in <see cref="GuiSessionStore"/>.</summary>
    public const string CookieName = "transporter_gui";

    public const string AntiforgeryCookieName = "transporter_gui_af";

    public const string SignInPath = "/ui/signin";
    public const string SignOutPath = "/ui/signout";

    /// <summary>A session ends this long after its last request (sliding), or at sign-out.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
}
