using System.Net.Sockets;
using System.Xml;
using System.Xml.Linq;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>Azure Blob error answers (&lt;Error&gt;&lt;Code&gt; XML, or x-ms-error-code on HEAD) to <see cref="ObjectStoreException"/>,
/// and which failures are transient.</summary>
internal static class AzureErrorMapping
{
    public static async Task<ObjectStoreException> FromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var code = AzureClient.ErrorCode(response);
        string? message = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.TrimStart().StartsWith('<'))
            {
                var error = XDocument.Parse(body).Root;
                code ??= (string?)error?.Element("Code");
                // Azure's messages carry "RequestId:...\nTime:..." lines after the sentence; keep the sentence.
                message = ((string?)error?.Element("Message"))?.Split('\n')[0].Trim();
                if ((string?)error?.Element("AuthenticationErrorDetail") is { Length: > 0 } detail) message += " " + detail;
            }
        }
        catch (XmlException) { }
        catch (HttpRequestException) { }
        catch (IOException) { }
        code ??= response.ReasonPhrase?.Replace(" ", "") ?? $"Http{status}";
        message ??= $"HTTP {status} {response.ReasonPhrase}";
        var kind = KindOf(status, code);
        // Azure answers a wrong key with AuthenticationFailed; Azurite with AuthorizationFailure. Both say this.
        if (status == 403 && message.StartsWith("Server failed to authenticate the request", StringComparison.Ordinal))
            kind = ObjectStoreErrorKind.InvalidCredentials;
        return new ObjectStoreException(kind, code, message);
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
        _ => status switch
        {
            408 or 429 or >= 500 => ObjectStoreErrorKind.Transient,
            401 => ObjectStoreErrorKind.InvalidCredentials,
            403 => ObjectStoreErrorKind.AccessDenied,
            404 => ObjectStoreErrorKind.NotFound,
            400 or 405 or 409 or 411 or 412 or 413 or 416 => ObjectStoreErrorKind.InvalidRequest,
            _ => ObjectStoreErrorKind.Other,
        },
    };

    /// <summary>Worth another attempt: throttling, 5xx, timeouts, refused or dropped connections.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ObjectStoreException store => store.Kind == ObjectStoreErrorKind.Transient,
        HttpRequestException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>A network failure that outlasted the retries.</summary>
    public static ObjectStoreException FromTransport(Exception e) =>
        new(ObjectStoreErrorKind.Transient, e is TimeoutException ? "Timeout" : "NetworkError", e.Message, e);
}
