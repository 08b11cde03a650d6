using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Transporter.Store.Admin.Garage;

/// <summary>The bearer-token check of the admin APIs: 401 without a bearer token, 403 with a wrong one (compared in
/// constant time), null when the request may go on.</summary>
internal static class AdminTokens
{
    public static IResult? Refusal(HttpContext http, string expected)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return AdminErrors.Json(StatusCodes.Status401Unauthorized, "Unauthorized", "Send the token as 'Authorization: Bearer <token>'.");
        }
        return Matches(header[7..].Trim(), expected) ? null : AdminErrors.Json(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid.");
    }

    /// <summary>Hashing first gives both sides the same length, so the comparison time says nothing about the token.</summary>
    private static bool Matches(string provided, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(provided)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
