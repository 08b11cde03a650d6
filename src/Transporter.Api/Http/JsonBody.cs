using System.Text.Json;
using Transporter.Identity.Signatures;

namespace Transporter.Api.Http;

/// <summary>Reads an API request's JSON body: at most <see cref="MaxBytes"/>, well-formed, of the expected shape.</summary>
public static class JsonBody
{
    /// <summary>The largest body the API accepts (1 MiB); API documents are small.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or the 400/403 answer explaining why not.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(request.Body, ct);
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }
        catch (RequestAuthenticationException e)
        {
            // The body stream verifies the signed payload hash (and chunk signatures) as it reaches the end.
            return (null, AuthFailureResults.From(e));
        }
        if (bytes.Length == 0) return (null, ApiResults.BadRequest("a JSON body is required"));
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, ApiJson.Options);
            return value is null ? (null, ApiResults.BadRequest("the JSON body must not be null")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest($"the body is not valid JSON for this request: {e.Message}"));
        }
    }

    public static IResult TooLarge() => ApiResults.BadRequest($"the request body is larger than {MaxBytes} bytes");

    private static async Task<byte[]> ReadBoundedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxBytes) throw new BodyTooLargeException();
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private sealed class BodyTooLargeException : Exception;
}
