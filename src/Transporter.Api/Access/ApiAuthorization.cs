using Transporter.Api.Http;

namespace Transporter.Api.Access;

/// <summary>The API's form of <see cref="TransporterAuthorizer"/>: null when allowed, else 403 {"error":"AccessDenied","details":...}.</summary>
public static class ApiAuthorization
{
    public static async ValueTask<IResult?> AuthorizeAsync(this HttpContext http, string action, string resource)
    {
        var authorizer = http.RequestServices.GetRequiredService<TransporterAuthorizer>();
        var refusal = await authorizer.RefusalAsync(http.Caller(), action, resource, http, http.RequestAborted).ConfigureAwait(false);
        return refusal is null ? null : ApiResults.AccessDenied(refusal);
    }
}
