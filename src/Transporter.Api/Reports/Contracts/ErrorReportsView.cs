using System.Text.Json.Serialization;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports.Contracts;

/// <summary>GET /reports/errors/:id: a page of the latest run's failed objects, with the filter and pagination used.</summary>
public sealed record ErrorReportsView(
    [property: JsonPropertyName("reports")] IReadOnlyList<ObjectReport> Reports,
    [property: JsonPropertyName("filter")] ErrorReportsFilter Filter,
    [property: JsonPropertyName("pagination")] ErrorReportsPagination Pagination);
