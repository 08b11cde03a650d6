
namespace Transporter.Api.Http;

/// <summary>The API's answers: JSON bodies, and errors as {"error","details"}.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, ApiJson.Options, statusCode: status);

    public static IResult BadRequest(string details) => Error(StatusCodes.Status400BadRequest, "bad request", details);

    public static IResult Forbidden(string details) => Error(StatusCodes.Status403Forbidden, "access denied", details);

    /// <summary>A caller whose policies do not allow the action: 403 with IAM's error code.</summary>
    public static IResult AccessDenied(string details) => Error(StatusCodes.Status403Forbidden, "AccessDenied", details);

    public static IResult Error(int status, string error, string details) => Results.Json(new ApiError(error, details), ApiJson.Options, statusCode: status);
}
