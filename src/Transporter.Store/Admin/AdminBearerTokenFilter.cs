using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Admin;

/// <summary>
/// Guards the admin API as Garage does: off (404) without TRANSPORTER_ADMIN_TOKEN, 401 without a bearer token, 403
/// with a wrong one (compared in constant time). Also turns identity refusals into JSON errors.
/// </summary>
internal sealed class AdminBearerTokenFilter(IOptions<TransporterOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = options.Value.AdminToken;
        if (string.IsNullOrEmpty(token))
            return AdminErrors.Json(StatusCodes.Status404NotFound, "AdminApiDisabled", "The admin API is off; set TRANSPORTER_ADMIN_TOKEN to turn it on.");
        if (Garage.AdminTokens.Refusal(context.HttpContext, token) is { } refusal) return refusal;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (IdentityException e)
        {
            return e.Kind switch
            {
                IdentityErrorKind.NotFound => AdminErrors.Json(StatusCodes.Status404NotFound, "NotFound", e.Message),
                IdentityErrorKind.Conflict or IdentityErrorKind.DeleteConflict or IdentityErrorKind.LimitExceeded => AdminErrors.Json(StatusCodes.Status409Conflict, "Conflict", e.Message),
                _ => AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", e.Message),
            };
        }
    }
}
