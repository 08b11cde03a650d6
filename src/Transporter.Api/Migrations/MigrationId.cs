using Transporter.Api.Http;

namespace Transporter.Api.Migrations;

/// <summary>Migration ids in URLs are GUIDs; anything else is refused before any lookup.</summary>
public static class MigrationId
{
    public static bool TryParse(string? text, out Guid id, out IResult? error)
    {
        if (Guid.TryParse(text, out id))
        {
            error = null;
            return true;
        }
        error = ApiResults.BadRequest($"'{text}' is not a migration id (a GUID such as 926dd67a-5475-43b3-9f7e-c6f2d5177bf7)");
        return false;
    }

    /// <summary>404 for a migration that does not exist or that the caller may not see (the two look alike).</summary>
    public static IResult NotFound(Guid id) => ApiResults.Error(StatusCodes.Status404NotFound, "not found", $"migration {id} does not exist");
}
