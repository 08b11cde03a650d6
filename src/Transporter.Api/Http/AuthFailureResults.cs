using Transporter.Identity.Signatures;

namespace Transporter.Api.Http;

/// <summary>
/// The API's answer to a refused signature or a body that failed verification: 400 for a body that is too large,
/// short or malformed, 403 for everything about who signed it. The details start with the AWS error code, which
/// AWS tooling users recognise ("SignatureDoesNotMatch: ...").
/// </summary>
public static class AuthFailureResults
{
    public static IResult From(RequestAuthenticationException e)
    {
        if (e.Kind == AuthFailureKind.EntityTooLarge) return JsonBody.TooLarge();
        var details = $"{e.Kind}: {e.Message}";
        return e.IsBodyFailure ? ApiResults.BadRequest(details) : ApiResults.Forbidden(details);
    }
}
