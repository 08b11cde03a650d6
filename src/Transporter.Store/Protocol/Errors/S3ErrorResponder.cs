using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Signatures;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Errors;

/// <summary>
/// Turns any failure into S3's answer: the error XML (Code, Message, Resource, RequestId) with the status from
/// <see cref="S3ErrorTable"/>; HEAD answers carry the status only. Unknown exceptions become 500 InternalError and
/// are logged with the request id; a client that went away gets nothing.
/// </summary>
internal sealed class S3ErrorResponder(ILogger logger)
{
    /// <returns>The S3 error code answered.</returns>
    public async Task<string> RespondAsync(HttpContext context, Exception exception, string? resource, string requestId)
    {
        var (code, message) = Classify(exception);
        // A client that went away gets nothing; one that merely stopped sending (a short body) still gets its answer.
        if (code == "InternalError" && context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            logger.LogDebug(exception, "S3 request {RequestId} {Method} {Resource}: the client went away", requestId, context.Request.Method, resource);
            return code;
        }
        if (code == "InternalError")
            logger.LogError(exception, "S3 request {RequestId} {Method} {Resource} failed", requestId, context.Request.Method, resource);
        else
            logger.LogDebug("S3 request {RequestId} {Method} {Resource}: {Code}", requestId, context.Request.Method, resource, code);

        var response = context.Response;
        if (response.HasStarted)
        {
            // Headers are gone already: the only honest signal left is breaking the connection.
            context.Abort();
            return code;
        }
        var entry = S3ErrorTable.Lookup(code);
        response.Clear();
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = RequestIds.HostId;
        response.StatusCode = entry.Status;
        // The body may be partly or wholly unread, and a client that asked for 100-continue may never send it: close
        // instead of draining (or misreading the next request from the rest of this one).
        if ((context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0) && !context.Items.ContainsKey(BodyReadItem))
            response.Headers.Connection = "close";
        if (exception is StoreException { DeleteMarkerVersionId: { } marker } withMarker)
        {
            // A GET of a deleted key, or of a delete marker's version: S3 says which marker is in the way.
            response.Headers["x-amz-delete-marker"] = "true";
            response.Headers["x-amz-version-id"] = marker;
            if (withMarker.DeleteMarkerModified is { } modified) response.Headers.LastModified = Xml.S3Timestamps.Http(modified);
        }
        if (exception is S3Exception { Code: "InvalidRange" } or StoreException { Code: StoreErrorCode.InvalidRange }
            && context.Items.TryGetValue(ObjectSizeItem, out var size))
            response.Headers.ContentRange = $"bytes */{size}";
        if (HttpMethods.IsHead(context.Request.Method)) return code;

        var xml = new XmlResponse("Error", withNamespace: false)
            .Element("Code", code)
            .Element("Message", message ?? entry.Message)
            .Element("Resource", resource)
            .Element("RequestId", requestId)
            .Element("HostId", RequestIds.HostId);
        try
        {
            await xml.SendAsync(response, entry.Status).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The connection is gone; nothing more to tell.
        }
        return code;
    }

    /// <summary>HttpContext.Items key saying the request's body was read to its end (the connection can stay open).</summary>
    public const string BodyReadItem = "s3.body-read";

    /// <summary>HttpContext.Items key under which GET remembers the object size for a 416's Content-Range.</summary>
    public const string ObjectSizeItem = "s3.object-size";

    private static (string Code, string? Message) Classify(Exception exception) => exception switch
    {
        S3Exception s3 => (s3.Code, s3.Message),
        StoreException store => (store.Code.ToString(), store.HasClientMessage ? store.Message : null),
        // Identity names each refusal after the S3 error code for it (S3ErrorResponderTests keeps every kind in the table).
        RequestAuthenticationException auth => (auth.Kind.ToString(), auth.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => ("EntityTooLarge", null),
        // Kestrel: the body ended before Content-Length bytes (client closed its side early).
        BadHttpRequestException => ("IncompleteBody", null),
        _ => ("InternalError", null),
    };
}
