using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Transporter.Store.Admin;

/// <summary>The platform's JSON error body, {"error": code, "details": text}, and reading request bodies into it.</summary>
internal static class AdminErrors
{
    public static IResult Json(int status, string error, string details) => Results.Json(new { error, details }, statusCode: status);

    /// <summary>Reads the JSON body as <typeparamref name="T"/>; an empty body gives <paramref name="empty"/>, bad JSON a 400.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, T? empty = default) where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
            return empty is not null ? (empty, null) : (null, Json(400, "InvalidRequest", "A JSON body is required."));
        try
        {
            var value = await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, Json(400, "InvalidRequest", "A JSON object is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Json(400, "InvalidRequest", "The body is not valid JSON: " + e.Message));
        }
        catch (InvalidOperationException e)
        {
            return (null, Json(415, "UnsupportedMediaType", e.Message));
        }
    }
}
