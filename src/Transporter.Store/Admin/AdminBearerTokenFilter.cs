using System.Security.Cryptography;
using System.Text;
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
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return AdminErrors.Json(StatusCodes.Status401Unauthorized, "Unauthorized", "Send the admin token as 'Authorization: Bearer <token>'.");
        }
        if (!TokenMatches(header[7..].Trim(), token))
            return AdminErrors.Json(StatusCodes.Status403Forbidden, "Forbidden", "The admin token is not valid.");
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (IdentityException e)
        {
            return e.Kind switch
            {
                IdentityErrorKind.NotFound => AdminErrors.Json(StatusCodes.Status404NotFound, "NotFound", e.Message),
                IdentityErrorKind.Conflict => AdminErrors.Json(StatusCodes.Status409Conflict, "Conflict", e.Message),
                _ => AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", e.Message),
            };
        }
    }

    /// <summary>Hashing first gives both sides the same length, so the comparison time says nothing about the token.</summary>
    private static bool TokenMatches(string provided, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(provided)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
