using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Iam;

/// <summary>
/// The XML answer of one IAM or STS action, as AWS's query protocol writes it:
/// <c>&lt;ActionResponse xmlns=..&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;&lt;/ResponseMetadata&gt;&lt;ActionResult&gt;..&lt;/ActionResult&gt;&lt;/ActionResponse&gt;</c>
/// (IAM's examples put the metadata first, STS's last). Handlers write the result's content into <see cref="Xml"/>.
/// The spec's RS* actions answer JSON instead (<see cref="Json"/>).
/// </summary>
internal sealed class IamReply
{
    private readonly object? _json;
    private readonly bool _noBody;
    private readonly bool _hasResult;
    private readonly bool _metadataLast;
    private readonly string _requestId;

    private IamReply(string rootElement, string namespaceUri, string? resultElement, bool metadataLast, string requestId)
    {
        Xml = new XmlResponse(rootElement, namespaceUri);
        _hasResult = resultElement is not null;
        _metadataLast = metadataLast;
        _requestId = requestId;
        if (!metadataLast) Metadata();
        if (resultElement is not null) Xml.Open(resultElement);
    }

    private IamReply(object json, string requestId)
    {
        Xml = new XmlResponse("Unused", IamEndpoint.IamNamespace);
        _json = json;
        _requestId = requestId;
    }

    public XmlResponse Xml { get; }

    /// <summary>200 with an empty body (the spec's RSModifyCustomer answer).</summary>
    public static IamReply NoBody(IamRequest request) => new(new object(), request.RequestId) { NoBodyFlag = true };

    private bool NoBodyFlag { init => _noBody = value; }

    /// <summary>A JSON answer (the RS* actions'), serialised with its property names as they are.</summary>
    public static IamReply Json(IamRequest request, object value) => new(value, request.RequestId);

    /// <summary>An answer with an <c>ActionResult</c> element to fill.</summary>
    public static IamReply WithResult(IamRequest request, string service) =>
        new(request.Action + "Response", IamEndpoint.NamespaceOf(service), request.Action + "Result", service == "sts", request.RequestId);

    /// <summary>An answer carrying only the request id; <paramref name="rootElement"/> when the spec names it otherwise.</summary>
    public static IamReply Empty(IamRequest request, string service, string? rootElement = null) =>
        new(rootElement ?? request.Action + "Response", IamEndpoint.NamespaceOf(service), null, service == "sts", request.RequestId);

    public async Task SendAsync(HttpResponse response)
    {
        if (_noBody)
        {
            response.Headers["x-amzn-RequestId"] = _requestId;
            response.ContentLength = 0;
            return;
        }
        if (_json is not null)
        {
            response.Headers["x-amzn-RequestId"] = _requestId;
            response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(response.Body, _json, _json.GetType()).ConfigureAwait(false);
            return;
        }
        if (_hasResult) Xml.Close();
        if (_metadataLast) Metadata();
        response.Headers["x-amzn-RequestId"] = _requestId;
        await Xml.SendAsync(response).ConfigureAwait(false);
    }

    private void Metadata() => Xml.Open("ResponseMetadata").Element("RequestId", _requestId).Close();
}
