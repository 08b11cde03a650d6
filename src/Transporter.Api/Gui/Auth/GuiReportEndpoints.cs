using Transporter.Api.Gui.Services;

namespace Transporter.Api.Gui.Auth;

/// <summary>GET /ui/migrations/:id/reports: the ready report bundle for the signed-in owner (no emailed token needed).</summary>
public static class GuiReportEndpoints
{
    public static IEndpointRouteBuilder MapGuiReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(GuiExtensions.BasePath + "/migrations/{id}/reports", async (string id, HttpContext http, GuiReports reports, CancellationToken ct) =>
        {
            if (http.User.ToCaller() is not { } caller) return Results.Challenge();
            if (!Guid.TryParse(id, out var migrationId) || await reports.OpenBundleAsync(caller, migrationId, ct) is not { } bundle)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(bundle.File, "application/gzip", bundle.Name);
        }).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }
}
