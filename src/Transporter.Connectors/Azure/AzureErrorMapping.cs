using Azure;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// Azure.Storage.Blobs' failures to the port's <see cref="ObjectStoreException"/>: the service's error code
/// (<see cref="RequestFailedException.ErrorCode"/>) and the first line of its message, so users see what Azure said.
/// The SDK has already retried what it calls transient; what still fails here is reported as
/// <see cref="ObjectStoreErrorKind.Transient"/> only when another attempt later could succeed.
/// </summary>
internal static class AzureErrorMapping
{
    /// <summary>The SDK's message for an answer without a body (HEAD): the reason phrase then says more.</summary>
    private const string BodilessMessage = "Service request failed.";

    /// <summary>Runs one SDK call; its failure comes out as an <see cref="ObjectStoreException"/> (a cancellation the
    /// caller asked for stays one).</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not ObjectStoreException && !(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw ToObjectStoreException(e);
        }
    }

    public static ObjectStoreException ToObjectStoreException(Exception e)
    {
        var attempts = e is AggregateException aggregate ? aggregate.InnerExceptions : [e];
        var last = attempts[^1];
        if (Find<ObjectStoreException>(last) is { } ours)
        {
            // Refused by AzureUploadPolicy after an attempt that failed part-way: say what that attempt met.
            if (ours.ProviderCode == "NotReplayable" && attempts.Count > 1)
                return new ObjectStoreException(ours.Kind, ours.ProviderCode,
                    $"the upload failed part-way ({FirstLine(attempts[0].Message)}) and its content stream cannot be read again", attempts[0]);
            return ours;
        }
        return last switch
        {
            RequestFailedException { Status: > 0 } refused => FromResponse(refused),
            RequestFailedException or IOException or HttpRequestException or System.Net.Sockets.SocketException
                => new ObjectStoreException(ObjectStoreErrorKind.Transient, "NetworkError", FirstLine(last.Message), e),
            OperationCanceledException or TimeoutException
                => new ObjectStoreException(ObjectStoreErrorKind.Transient, "Timeout", FirstLine(last.Message), e),
            _ => new ObjectStoreException(ObjectStoreErrorKind.Other, last.GetType().Name, FirstLine(last.Message), e),
        };
    }

    private static ObjectStoreException FromResponse(RequestFailedException e)
    {
        var response = e.GetRawResponse();
        var code = e.ErrorCode ?? response?.ReasonPhrase?.Replace(" ", "") ?? $"Http{e.Status}";
        var message = FirstLine(e.Message);
        if (message == BodilessMessage && !string.IsNullOrEmpty(response?.ReasonPhrase)) message = response.ReasonPhrase;
        var kind = KindOf(e.Status, code);
        // Azure answers a wrong key with AuthenticationFailed; Azurite with AuthorizationFailure. Both say this.
        if (e.Status == 403 && message.StartsWith("Server failed to authenticate the request", StringComparison.Ordinal))
            kind = ObjectStoreErrorKind.InvalidCredentials;
        return new ObjectStoreException(kind, code, message, e) { Throttled = RequestRatePolicy.IsThrottled(e.Status) };
    }

    public static ObjectStoreErrorKind KindOf(int status, string code) => code switch
    {
        "ContainerNotFound" or "ContainerBeingDeleted" => ObjectStoreErrorKind.BucketNotFound,
        "BlobNotFound" => ObjectStoreErrorKind.NotFound,
        "AuthenticationFailed" or "InvalidAuthenticationInfo" or "AccountIsDisabled" or "NoAuthenticationInformation"
            => ObjectStoreErrorKind.InvalidCredentials,
        "AuthorizationFailure" or "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch"
            or "AuthorizationServiceMismatch" or "AuthorizationSourceIPMismatch" or "AuthorizationProtocolMismatch"
            or "InsufficientAccountPermissions" => ObjectStoreErrorKind.AccessDenied,
        "Md5Mismatch" or "Crc64Mismatch" => ObjectStoreErrorKind.IntegrityMismatch,
        "ServerBusy" or "InternalError" or "OperationTimedOut" => ObjectStoreErrorKind.Transient,
        // The connector's only conditional requests are reads of one version (an ETag condition).
        "ConditionNotMet" => ObjectStoreErrorKind.VersionChanged,
        _ => status switch
        {
            408 or 429 or >= 500 => ObjectStoreErrorKind.Transient,
            401 => ObjectStoreErrorKind.InvalidCredentials,
            403 => ObjectStoreErrorKind.AccessDenied,
            404 => ObjectStoreErrorKind.NotFound,
            412 => ObjectStoreErrorKind.VersionChanged,
            400 or 405 or 409 or 411 or 413 or 416 => ObjectStoreErrorKind.InvalidRequest,
            _ => ObjectStoreErrorKind.Other,
        },
    };

    public static bool IsNotFound(RequestFailedException e, string code) => e.Status == 404 && e.ErrorCode == code;

    /// <summary>Azure's messages carry "RequestId:...\nTime:..." and the SDK's status lines after the sentence.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is T found) return found;
        return null;
    }
}
