using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Transporter.Core.RequestRates;
using Transporter.Core.Storage;

namespace Transporter.Connectors.S3;

/// <summary>AWSSDK and transport exceptions to <see cref="ObjectStoreException"/> kinds, and which of them are worth a retry.</summary>
internal static class S3ErrorMapping
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
        "RequestThrottled", "TooManyRequests", "RequestTimeTooSkewed", "OperationAborted",
    };

    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired",
        "AuthorizationHeaderMalformed", "InvalidSecurity", "AccountProblem", "NotSignedUp",
    };

    private static readonly HashSet<string> IntegrityCodes = new(StringComparer.Ordinal)
    {
        "BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "IncompleteBody",
    };

    /// <summary>Throttling (429, SlowDown), 5xx, request timeouts and connection failures.</summary>
    public static bool IsTransient(Exception e)
    {
        switch (e)
        {
            case ObjectStoreException:
                return false;
            case AmazonServiceException service when service.StatusCode != 0:
                var status = (int)service.StatusCode;
                return status is 408 or 429 or 500 or 502 or 503 or 504
                       || (service.ErrorCode is not null && TransientCodes.Contains(service.ErrorCode))
                       || IsConnectionFailure(service.InnerException);
            default:
                return IsConnectionFailure(e);
        }
    }

    /// <summary>An answer asking for fewer requests (503 SlowDown, 429).</summary>
    public static bool IsThrottled(Exception e) =>
        e is AmazonServiceException { StatusCode: var status } && status != 0 && RequestRatePolicy.IsThrottled((int)status);

    /// <summary>The exception callers see: the provider's code and message, classified.</summary>
    public static ObjectStoreException ToObjectStoreException(Exception e, string bucket, string? key)
    {
        if (e is ObjectStoreException known) return known;
        if (e is AmazonServiceException service && service.StatusCode != 0)
        {
            var code = string.IsNullOrEmpty(service.ErrorCode) ? service.StatusCode.ToString() : service.ErrorCode;
            var message = string.IsNullOrEmpty(service.Message) ? DefaultMessage(service.StatusCode, bucket, key) : service.Message;
            return new ObjectStoreException(KindOf(code, service.StatusCode, key), code, message, e)
            {
                Throttled = RequestRatePolicy.IsThrottled((int)service.StatusCode),
            };
        }
        if (IsConnectionFailure(e))
            return new ObjectStoreException(ObjectStoreErrorKind.Transient, ConnectionCode(e), Innermost(e).Message, e);
        return new ObjectStoreException(ObjectStoreErrorKind.Other, e.GetType().Name, e.Message, e);
    }

    private static ObjectStoreErrorKind KindOf(string code, HttpStatusCode status, string? key)
    {
        if (code == "NoSuchBucket") return ObjectStoreErrorKind.BucketNotFound;
        if (code is "NoSuchKey" or "NoSuchUpload" or "NoSuchVersion") return ObjectStoreErrorKind.NotFound;
        if (CredentialCodes.Contains(code)) return ObjectStoreErrorKind.InvalidCredentials;
        if (IntegrityCodes.Contains(code)) return ObjectStoreErrorKind.IntegrityMismatch;
        // The connector's only conditional requests are reads of one version (If-Match).
        if (code == "PreconditionFailed" || status == HttpStatusCode.PreconditionFailed) return ObjectStoreErrorKind.VersionChanged;
        if (TransientCodes.Contains(code)) return ObjectStoreErrorKind.Transient;
        return (int)status switch
        {
            // HEAD answers carry no body and so no code: a 404 there names the object when a key was asked for.
            404 => key is null ? ObjectStoreErrorKind.BucketNotFound : ObjectStoreErrorKind.NotFound,
            401 => ObjectStoreErrorKind.InvalidCredentials,
            403 => ObjectStoreErrorKind.AccessDenied,
            408 or 429 or >= 500 and not 501 => ObjectStoreErrorKind.Transient,
            >= 400 and < 500 or 501 => ObjectStoreErrorKind.InvalidRequest,
            _ => ObjectStoreErrorKind.Other,
        };
    }

    private static string DefaultMessage(HttpStatusCode status, string bucket, string? key) =>
        $"{(int)status} {status} for {bucket}{(key is null ? "" : "/" + key)}";

    private static bool IsConnectionFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or TimeoutException) return true;
            // HttpClient reports its own timeout as a TaskCanceledException whose inner exception is a TimeoutException.
            if (e is TaskCanceledException { InnerException: TimeoutException }) return true;
        }
        return false;
    }

    private static string ConnectionCode(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return socket.SocketErrorCode.ToString();
            if (inner is TimeoutException) return "Timeout";
        }
        return "ConnectionFailed";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
