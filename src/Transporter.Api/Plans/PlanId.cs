using Transporter.Api.Http;

namespace Transporter.Api.Plans;

/// <summary>Plan ids in URLs are GUIDs; anything else is the spec's 400 "malformed plan ID", before any lookup.</summary>
public static class PlanId
{
    public static bool TryParse(string? text, out Guid id, out IResult? error)
    {
        if (Guid.TryParse(text, out id))
        {
            error = null;
            return true;
        }
        error = ApiResults.BadRequest($"malformed plan ID '{text}' (a GUID such as 7d61d212-5280-405f-afe1-603c262b938d)");
        return false;
    }

    public static IResult NotFound(Guid id) => ApiResults.Error(StatusCodes.Status404NotFound, "not found", $"migration plan {id} does not exist");
}
