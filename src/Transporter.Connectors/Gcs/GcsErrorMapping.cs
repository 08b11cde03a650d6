using System.Net.Sockets;
using System.Text.Json;
using Google.Apis.Auth.OAuth2.Responses;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// GCS JSON API errors ({"error":{"code","message","errors":[{"reason"}]}}) and token-endpoint errors
/// ({"error","error_description"}) to <see cref="ObjectStoreException"/>, with the reason as the provider code;
/// and which failures are transient.
/// </summary>
internal static class GcsErrorMapping
{
    private const string BucketMissingMessage = "The specified bucket does not exist";

    public static async Task<ObjectStoreException> FromResponseAsync(HttpResponseMessage response, ObjectStoreErrorKind notFound, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = "";
        }
        var (reason, message) = Parse(body);
        reason ??= status switch { 401 => "authError", 403 => "forbidden", 404 => "notFound", 429 => "rateLimitExceeded", _ => $"http{status}" };
        message ??= $"HTTP {status} {response.ReasonPhrase}";
        return new ObjectStoreException(KindOf(status, reason, message, notFound), reason, message);
    }

    public static ObjectStoreErrorKind KindOf(int status, string reason, string message, ObjectStoreErrorKind notFound) => status switch
    {
        404 when message.StartsWith(BucketMissingMessage, StringComparison.Ordinal) => ObjectStoreErrorKind.BucketNotFound,
        404 => notFound,
        401 => ObjectStoreErrorKind.InvalidCredentials,
        403 when reason is "accountDisabled" or "invalid_grant" => ObjectStoreErrorKind.InvalidCredentials,
        403 => ObjectStoreErrorKind.AccessDenied,
        400 when message.Contains("MD5", StringComparison.OrdinalIgnoreCase) || message.Contains("crc32c", StringComparison.OrdinalIgnoreCase)
            => ObjectStoreErrorKind.IntegrityMismatch,
        408 or 429 or >= 500 => ObjectStoreErrorKind.Transient,
        400 or 405 or 409 or 411 or 412 or 413 or 416 => ObjectStoreErrorKind.InvalidRequest,
        _ => ObjectStoreErrorKind.Other,
    };

    /// <summary>True for a 404 that says the bucket, not the object, is missing.</summary>
    public static bool IsBucketMissing(HttpResponseMessage response)
    {
        using var stream = response.Content.ReadAsStream();
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd()).Message?.StartsWith(BucketMissingMessage, StringComparison.Ordinal) == true;
    }

    private static (string? Reason, string? Message) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return (null, null);
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            string? reason = null;
            if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                foreach (var item in errors.EnumerateArray())
                    if (item.TryGetProperty("reason", out var r)) { reason = r.GetString(); break; }
            return (reason, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The token endpoint refused the key (invalid_grant: unknown key, bad signature, disabled account).</summary>
    public static ObjectStoreException FromTokenError(TokenResponseException e)
    {
        var code = e.Error?.Error ?? "token_error";
        var message = $"the token endpoint refused the service-account key: {e.Error?.ErrorDescription ?? e.Message}";
        var status = (int?)e.StatusCode ?? 400;
        var kind = status is 408 or 429 or >= 500 ? ObjectStoreErrorKind.Transient : ObjectStoreErrorKind.InvalidCredentials;
        return new ObjectStoreException(kind, code, message, e);
    }

    public static bool IsTransient(Exception e) => e switch
    {
        ObjectStoreException store => store.Kind == ObjectStoreErrorKind.Transient,
        HttpRequestException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    public static ObjectStoreException FromTransport(Exception e) =>
        new(ObjectStoreErrorKind.Transient, e is TimeoutException ? "Timeout" : "NetworkError", e.Message, e);
}
