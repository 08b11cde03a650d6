using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Transporter.Store.Protocol.Xml;

/// <summary>
/// Builds one S3 XML answer (a page at most: 1,000 entries) and sends it with a Content-Length. Elements are in
/// S3's namespace; null values are left out.
/// </summary>
internal sealed class XmlResponse
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // Keys may hold characters XML 1.0 cannot carry; S3 sends them anyway (clients ask for encoding-type=url).
        CheckCharacters = false,
        Async = false,
    };

    private readonly MemoryStream _buffer = new();
    private readonly XmlWriter _xml;

    public XmlResponse(string root, bool withNamespace = true) : this(root, withNamespace ? Namespace : "")
    {
    }

    /// <summary>An answer in another service's namespace (IAM's, STS's); "" for none.</summary>
    public XmlResponse(string root, string namespaceUri)
    {
        _xml = XmlWriter.Create(_buffer, Settings);
        _xml.WriteStartDocument();
        if (namespaceUri.Length > 0) _xml.WriteStartElement(root, namespaceUri);
        else _xml.WriteStartElement(root);
        NamespaceUri = namespaceUri;
    }

    private string NamespaceUri { get; }

    public XmlResponse Element(string name, string? value)
    {
        if (value is not null) _xml.WriteElementString(name, NamespaceUri, value);
        return this;
    }

    public XmlResponse Element(string name, long value) => Element(name, value.ToString(CultureInfo.InvariantCulture));

    public XmlResponse Element(string name, bool value) => Element(name, value ? "true" : "false");

    public XmlResponse Element(string name, DateTimeOffset value) => Element(name, S3Timestamps.Iso(value));

    public XmlResponse Open(string name)
    {
        _xml.WriteStartElement(name, NamespaceUri);
        return this;
    }

    /// <summary>Opens an element with an xsi:type attribute (ACL grantees).</summary>
    public XmlResponse OpenTyped(string name, string xsiNamespace, string type)
    {
        _xml.WriteStartElement(name, NamespaceUri);
        _xml.WriteAttributeString("xmlns", "xsi", null, xsiNamespace);
        _xml.WriteAttributeString("type", xsiNamespace, type);
        return this;
    }

    public XmlResponse Close()
    {
        _xml.WriteEndElement();
        return this;
    }

    /// <summary>Sets the root element's text (for LocationConstraint).</summary>
    public XmlResponse Text(string value)
    {
        _xml.WriteString(value);
        return this;
    }

    public byte[] ToArray()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
        return _buffer.ToArray();
    }

    public async Task SendAsync(HttpResponse response, int status = StatusCodes.Status200OK)
    {
        var bytes = ToArray();
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}
