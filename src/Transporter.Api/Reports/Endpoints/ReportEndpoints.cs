using Transporter.Api.Access;
using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Api.Reports.Contracts;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports.Endpoints;

/// <summary>GET /reports/errors/:id, POST and GET /reports/prepare/:id (signed, like every API endpoint).</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/errors/{id}", ErrorsAsync).Requires(TransporterActions.GetReports, TransporterResources.Migration)
            .WithSummary("The failed objects of the migration's latest run, in key order (maxEntries: default 300, at most 1000; start; key)")
            .Produces<ErrorReportsView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/reports/prepare/{id}", PrepareAsync).Requires(TransporterActions.PrepareReports, TransporterResources.Migration)
            .WithSummary("Prepare the report bundle of the migration's ended latest run in the background; the link is mailed when ready")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        api.MapGet("/reports/prepare/{id}", StatusAsync).Requires(TransporterActions.GetReports, TransporterResources.Migration)
            .WithSummary("Whether the migration's reports are being prepared")
            .Produces<PreparationStatusView>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ErrorsAsync(string id, HttpContext http, MigrationReports reports, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (!ErrorReportQuery.TryParse(http.Request.Query, out var query, out error)) return error!;
        if (await reports.GetFailedAsync(http.Owner(), migrationId, query.Key, query.Start, query.MaxEntries, ct) is not { } page)
            return MigrationId.NotFound(migrationId);
        return ApiResults.Json(new ErrorReportsView(
            page.Reports,
            new ErrorReportsFilter(migrationId.ToString(), query.Key ?? ""),
            new ErrorReportsPagination(query.Start, query.MaxEntries, page.End)));
    }

    private static async Task<IResult> PrepareAsync(string id, HttpContext http, MigrationReports reports, CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        return CommandResults.From(await reports.PrepareAsync(http.Owner(), migrationId, ct), Results.Ok());
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext http, MigrationRepository repository, ReportPreparationRepository preparations,
        CancellationToken ct)
    {
        if (!MigrationId.TryParse(id, out var migrationId, out var error)) return error!;
        if (await repository.GetOwnedAsync(migrationId, http.Owner(), ct) is null) return MigrationId.NotFound(migrationId);
        return ApiResults.Json(new PreparationStatusView(await preparations.IsPreparingAsync(migrationId, ct)));
    }
}
