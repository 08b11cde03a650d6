using Transporter.Api.Plans.Contracts;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;

namespace Transporter.Api.Plans;

/// <summary>What makes a POST /plans body unusable, worded as the spec's "details" ("source errors: ...").</summary>
public static class PlanRequestValidation
{
    public static IReadOnlyList<string> Validate(PlanRequest request)
    {
        var errors = new List<string>();
        if (Problems(request.Source, EndpointRole.Source) is { Length: > 0 } source) errors.Add("source errors: " + source);
        if (Problems(request.Destination, EndpointRole.Destination) is { Length: > 0 } destination) errors.Add("destination errors: " + destination);
        if (!SyncMode.TryParse(request.SyncMode, out _))
            errors.Add($"syncMode must be \"{SyncMode.Simple}\" or \"{SyncMode.ByTime}\", got \"{request.SyncMode}\"");
        if (request.Filters is { } filters) errors.AddRange(filters.Validate());
        return errors;
    }

    private static string Problems(EndpointConfig? endpoint, EndpointRole role) =>
        endpoint is null ? $"{(role == EndpointRole.Source ? "source" : "destination")} is required" : string.Join("; ", endpoint.Validate(role));
}
