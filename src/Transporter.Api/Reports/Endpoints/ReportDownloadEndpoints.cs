using Transporter.Api.Http;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports.Endpoints;

/// <summary>
/// GET /reports/download/:id?token=...: public (the emailed link is the credential, no signature). Answers the bundle
/// as application/gzip streamed from disk, or 404, the same for an unknown migration, a wrong token, an expired link
/// or a bundle already removed, so the answer tells nothing about which.
/// </summary>
public static class ReportDownloadEndpoints
{
    public static WebApplication MapReportDownload(this WebApplication app)
    {
        app.MapGet("/reports/download/{id}", DownloadAsync)
            .WithTags("Reports")
            .WithSummary("Download a report bundle (tar.gz of CSV files) with the token of the emailed link; public, no signature")
            .Produces(StatusCodes.Status200OK, contentType: "application/gzip")
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> DownloadAsync(string id, string? token, HttpContext http, ReportPreparationRepository preparations,
        ReportBundleStore bundles, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var migrationId)) return NotFound();
        var preparation = await preparations.GetAsync(migrationId, ct);
        if (preparation is not { Bundle: { } bundle, ExpiresAt: { } expiresAt } || expiresAt <= clock.GetUtcNow()
            || !DownloadToken.Matches(token, preparation.TokenHash))
            return NotFound();
        var file = bundles.OpenRead(migrationId, bundle);
        if (file is null) return NotFound();
        http.Response.Headers.CacheControl = "no-store";
        var name = $"transporter-reports-{migrationId}-{(preparation.FinishedAt ?? clock.GetUtcNow()).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.tar.gz";
        return Results.File(file, "application/gzip", name);
    }

    private static IResult NotFound() =>
        ApiResults.Error(StatusCodes.Status404NotFound, "not found", "no report bundle for this link: the token is wrong or has expired");
}
