using Transporter.Core.Hosting;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Refusals;

/// <summary>S3 error XML, with the code S3 uses (<see cref="RefusalClassifier"/>), for a request the web server refused
/// on the store's port before the S3 pipeline saw it.</summary>
internal sealed class S3RefusalRenderer(int port) : IRefusalRenderer
{
    public int Port => port;

    public byte[] Render(int serverStatus, ReadOnlySpan<byte> requestHead)
    {
        var (code, message) = RefusalClassifier.Classify(serverStatus, requestHead);
        var entry = S3ErrorTable.Lookup(code);
        var requestId = RequestIds.Next();
        var body = new XmlResponse("Error", withNamespace: false)
            .Element("Code", code)
            .Element("Message", message ?? entry.Message)
            .Element("RequestId", requestId)
            .Element("HostId", RequestIds.HostId)
            .ToArray();
        return RefusalResponse.Build(entry.Status, "application/xml", body,
            [new("x-amz-request-id", requestId), new("x-amz-id-2", RequestIds.HostId)]);
    }
}
