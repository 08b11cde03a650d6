using Google;
using Google.Apis.Auth.OAuth2.Responses;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// Google.Cloud.Storage.V1's failures to <see cref="ObjectStoreException"/>: a <see cref="GoogleApiException"/>'s
/// first error reason as the provider code with Google's message, a refused token (<see cref="TokenResponseException"/>)
/// as InvalidCredentials with the token endpoint's code. The SDK has already retried what it retries.
/// </summary>
internal static class GcsErrorMapping
{
    private const string BucketMissingMessage = "The specified bucket does not exist";

    /// <summary>Runs one SDK call; its failure comes out as an <see cref="ObjectStoreException"/> (a 404 of kind
    /// <paramref name="notFound"/>; a cancellation the caller asked for stays one).</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, ObjectStoreErrorKind notFound, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not ObjectStoreException && !(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw ToObjectStoreException(e, notFound);
        }
    }

    public static ObjectStoreException ToObjectStoreException(Exception e, ObjectStoreErrorKind notFound = ObjectStoreErrorKind.NotFound)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case ObjectStoreException ours:
                    return ours;
                case TokenResponseException token:
                    return FromTokenError(token);
                case GoogleApiException api:
                    return FromApiError(api, notFound);
            }
        }
        return e switch
        {
            HttpRequestException or IOException or System.Net.Sockets.SocketException => new ObjectStoreException(ObjectStoreErrorKind.Transient, "NetworkError", e.Message, e),
            OperationCanceledException or TimeoutException => new ObjectStoreException(ObjectStoreErrorKind.Transient, "Timeout", e.Message, e),
            _ => new ObjectStoreException(ObjectStoreErrorKind.Other, e.GetType().Name, e.Message, e),
        };
    }

    private static ObjectStoreException FromApiError(GoogleApiException e, ObjectStoreErrorKind notFound)
    {
        var status = (int)e.HttpStatusCode;
        var message = e.Error?.Message ?? e.Message;
        var reason = e.Error?.Errors?.FirstOrDefault()?.Reason
                     ?? status switch { 401 => "authError", 403 => "forbidden", 404 => "notFound", 429 => "rateLimitExceeded", _ => $"http{status}" };
        return new ObjectStoreException(KindOf(status, reason, message, notFound), reason, message, e)
        {
            Throttled = RequestRatePolicy.IsThrottled(status),
        };
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
        // The connector's only conditional requests are reads of one generation (ifGenerationMatch).
        412 => ObjectStoreErrorKind.VersionChanged,
        400 or 405 or 409 or 411 or 413 or 416 => ObjectStoreErrorKind.InvalidRequest,
        _ => ObjectStoreErrorKind.Other,
    };

    public static bool IsObjectMissing(ObjectStoreException e) => e.Kind == ObjectStoreErrorKind.NotFound;

    /// <summary>The token endpoint refused the key (invalid_grant: unknown key, bad signature, disabled account).</summary>
    private static ObjectStoreException FromTokenError(TokenResponseException e)
    {
        var code = e.Error?.Error ?? "token_error";
        var message = $"the token endpoint refused the service-account key: {e.Error?.ErrorDescription ?? e.Message}";
        var status = (int?)e.StatusCode ?? 400;
        var kind = status is 408 or 429 or >= 500 ? ObjectStoreErrorKind.Transient : ObjectStoreErrorKind.InvalidCredentials;
        return new ObjectStoreException(kind, code, message, e);
    }
}
