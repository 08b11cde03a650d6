using System.Xml;
using System.Xml.Linq;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Xml;

/// <summary>Reads the small XML documents clients send (Delete, CompleteMultipartUpload, Tagging, bucket
/// configuration): bounded in size, no DTDs, namespaces ignored; anything malformed is MalformedXML.</summary>
internal static class XmlRequestBody
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    /// <summary>The whole body, refusing more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new S3Exception("MalformedXML", "The XML you provided was larger than the maximum allowed.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static XElement Parse(byte[] bytes)
    {
        if (bytes.Length == 0) throw new S3Exception("MalformedXML");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), Settings);
            return XDocument.Load(reader).Root ?? throw new S3Exception("MalformedXML");
        }
        catch (XmlException e)
        {
            throw new S3Exception("MalformedXML", null, e);
        }
    }

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
