using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Transporter.Api.Gui.Auth;
using Transporter.Api.Gui.Components;
using Transporter.Api.Gui.Hosting;
using Transporter.Api.Gui.Services;
using Transporter.Core.Configuration;
using Transporter.Core.Security;

namespace Transporter.Api.Gui;

/// <summary>
/// The web GUI: Razor components with interactive server rendering under /ui/ (/ redirects there), signed into with an
/// access key and secret key of the identity store, kept in a server-side session.
/// </summary>
public static class GuiExtensions
{
    public const string BasePath = "/ui";

    private const string AssetsPath = "/ui/assets";

    public static WebApplicationBuilder AddTransporterGui(this WebApplicationBuilder builder, TransporterOptions options)
    {
        if (!options.HasRole("api")) return builder;
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, GuiAuthenticationStateProvider>();

        services.AddSingleton<GuiSessionStore>();
        services.AddSingleton<AccessKeyVerifier>();
        services.AddAuthentication(GuiAuthentication.Scheme).AddCookie(GuiAuthentication.Scheme, cookie =>
        {
            cookie.Cookie.Name = GuiAuthentication.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = GuiAuthentication.SignInPath;
            cookie.AccessDeniedPath = GuiAuthentication.SignInPath;
            cookie.LogoutPath = GuiAuthentication.SignOutPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = GuiAuthentication.SessionLifetime;
            cookie.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(GuiAuthentication.Scheme)
            .Configure<GuiSessionStore>((cookie, store) => cookie.SessionStore = store);
        services.AddAuthorization();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = GuiAuthentication.AntiforgeryCookieName;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddDataProtection()
            .SetApplicationName("Transporter")
            .PersistKeysToFileSystem(new DirectoryInfo(options.DataPath("gui", "keys")));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            keys => keys.XmlEncryptor = new SecretProtectorXmlEncryptor(sp.GetRequiredService<SecretProtector>())));

        services.AddGuiServices();
        services.AddHostedService<GuiAddress>();
        return builder;
    }

    public static WebApplication MapTransporterGui(this WebApplication app, TransporterOptions options)
    {
        if (!options.HasRole("api")) return app;
        // A page address that does not exist shows the GUI's not-found page rather than a blank one. Registered on the app
        // itself (a branch has no router to re-execute with), and switched off for everything but GUI page requests.
        app.UseStatusCodePagesWithReExecute(BasePath + "/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (!IsGuiRequest(context) || !HttpMethods.IsGet(context.Request.Method))
                context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            return next(context);
        });
        app.UseWhen(IsGuiRequest, gui =>
        {
            gui.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = AssetsPath,
                FileProvider = new EmbeddedFileProvider(typeof(GuiExtensions).Assembly, "Transporter.Api.Gui.Assets"),
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
            gui.UseAuthentication();
            gui.UseAuthorization();
            gui.UseAntiforgery();
        });
        app.MapGet("/", () => Results.Redirect(BasePath + "/")).ExcludeFromDescription();
        app.MapGuiAccountEndpoints();
        app.MapGuiReportEndpoints();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The GUI's pages and assets, and the Blazor circuit's hub (/_blazor, a path the framework fixes).</summary>
    private static bool IsGuiRequest(HttpContext context)
    {
        var path = context.Request.Path;
        return path == "/" || path.StartsWithSegments(BasePath) || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_framework");
    }
}
