using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Iam;

/// <summary>
/// Turns any failure on the IAM and STS endpoints into their error XML:
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type&gt;Sender&lt;/Type&gt;&lt;Code&gt;..&lt;/Code&gt;&lt;Message&gt;..&lt;/Message&gt;&lt;/Error&gt;&lt;RequestId&gt;..&lt;/RequestId&gt;&lt;/ErrorResponse&gt;</c>,
/// the one table from identity's refusals to IAM codes and statuses.
/// </summary>
internal sealed class IamErrorResponder(ILogger logger)
{
    /// <returns>The error code answered.</returns>
    public async Task<string> RespondAsync(HttpContext context, Exception exception, string service, string requestId)
    {
        var (status, code, message) = Classify(exception);
        if (status >= 500) logger.LogError(exception, "{Service} request {RequestId} failed", service, requestId);
        else logger.LogDebug("{Service} request {RequestId}: {Code} {Message}", service, requestId, code, message);
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return code;
        }
        response.Clear();
        response.Headers["x-amzn-RequestId"] = requestId;
        var xml = new XmlResponse("ErrorResponse", IamEndpoint.NamespaceOf(service))
            .Open("Error")
            .Element("Type", status >= 500 ? "Receiver" : "Sender")
            .Element("Code", code)
            .Element("Message", message)
            .Close()
            .Element("RequestId", requestId);
        try
        {
            await xml.SendAsync(response, status).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The connection is gone; nothing more to tell.
        }
        return code;
    }

    private static (int Status, string Code, string Message) Classify(Exception exception) => exception switch
    {
        IamException iam => (iam.Status, iam.Code, iam.Message),
        IdentityException identity => identity.Kind switch
        {
            IdentityErrorKind.NotFound => (404, "NoSuchEntity", identity.Message),
            IdentityErrorKind.Conflict => (409, "EntityAlreadyExists", identity.Message),
            IdentityErrorKind.DeleteConflict => (409, "DeleteConflict", identity.Message),
            IdentityErrorKind.LimitExceeded => (409, "LimitExceeded", identity.Message),
            _ => (400, "InvalidInput", identity.Message),
        },
        PolicyException policy => (400, "MalformedPolicyDocument", policy.Message),
        RequestAuthenticationException auth => auth.Kind switch
        {
            AuthFailureKind.InvalidAccessKeyId => (403, "InvalidClientTokenId", "The security token included in the request is invalid."),
            AuthFailureKind.SignatureDoesNotMatch => (403, "SignatureDoesNotMatch", auth.Message),
            AuthFailureKind.AccessDenied => (403, "AccessDenied", auth.Message),
            AuthFailureKind.RequestTimeTooSkewed => (403, "RequestExpired", auth.Message),
            AuthFailureKind.ExpiredToken => (403, "ExpiredToken", auth.Message),
            AuthFailureKind.InvalidToken => (403, "InvalidClientTokenId", auth.Message),
            AuthFailureKind.EntityTooLarge => (413, "RequestEntityTooLarge", auth.Message),
            _ => (400, auth.Kind.ToString(), auth.Message),
        },
        _ => (500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
    };
}
