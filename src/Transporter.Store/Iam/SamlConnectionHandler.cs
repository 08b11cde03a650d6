using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Linq;
using Transporter.Identity.Customers;

namespace Transporter.Store.Iam;

/// <summary>
/// RSCreate/Get/Update/DeleteSAMLConnection: the caller's root keeps one identity provider's metadata (MetadataXML, a
/// SAML 2.0 EntityDescriptor; no DTDs). The answers name the connection as the spec does (Provider
/// "ROOT-account-saml", EntityId "urn:transporter:Provider", ProviderUrl, Expiry MM/dd/yyyy of the IdP's signing
/// certificate, else the metadata's validUntil). Only the root user manages it. Nothing signs in with it: SAML sign-in
/// is not offered, so ProviderUrl names a callback this platform does not serve.
/// </summary>
internal sealed class SamlConnectionHandler(SamlConnectionStore connections, string publicUrl)
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal)
    {
        "RSCreateSAMLConnection", "RSGetSAMLConnection", "RSUpdateSAMLConnection", "RSDeleteSAMLConnection",
    };

    private static readonly XNamespace Metadata = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static readonly XNamespace Signature = "http://www.w3.org/2000/09/xmldsig#";

    public async Task<IamReply> HandleAsync(IamRequest request)
    {
        if (!request.Caller.IsRoot || request.Caller.SessionPolicy is not null)
            throw IamException.AccessDenied($"User: {request.UserArn(request.Caller.UserName)} is not authorized to perform: iam:{request.Action}: only the root user may.");
        var root = request.Root.Name;
        var ct = request.Http.RequestAborted;
        switch (request.Action)
        {
            case "RSCreateSAMLConnection" or "RSUpdateSAMLConnection":
                var xml = request.Required("MetadataXML");
                var expires = ValidatedExpiry(xml);
                var saved = await connections.SaveAsync(root, xml, expires, request.Action == "RSUpdateSAMLConnection", ct).ConfigureAwait(false);
                return IamReply.Json(request, Describe(saved, success: true));
            case "RSGetSAMLConnection":
                var found = await connections.GetAsync(root, ct).ConfigureAwait(false)
                            ?? throw new Identity.Accounts.IdentityException(Identity.Accounts.IdentityErrorKind.NotFound, $"{root} has no SAML connection.");
                return IamReply.Json(request, Describe(found, success: false));
            default:
                await connections.DeleteAsync(root, ct).ConfigureAwait(false);
                return IamReply.Json(request, new { Success = "true" });
        }
    }

    private Dictionary<string, string> Describe(SamlConnection connection, bool success)
    {
        var provider = connection.Root + "-account-saml";
        var answer = new Dictionary<string, string>(StringComparer.Ordinal);
        if (success) answer["Success"] = "true";
        answer["ProviderUrl"] = $"{publicUrl.TrimEnd('/')}/login/callback?connection={provider}";
        answer["EntityId"] = "urn:transporter:" + provider;
        answer["Expiry"] = connection.ExpiresAt?.UtcDateTime.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture) ?? "";
        answer["Provider"] = provider;
        return answer;
    }

    /// <summary>Refuses anything but a well-formed SAML 2.0 EntityDescriptor (InvalidInput) and
    /// reads its expiry.</summary>
    private static DateTimeOffset? ValidatedExpiry(string xml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw IamException.InvalidInput($"MetadataXML is not well-formed XML: {e.Message}");
        }
        var descriptor = document.Root;
        if (descriptor is null || descriptor.Name != Metadata + "EntityDescriptor" || string.IsNullOrEmpty((string?)descriptor.Attribute("entityID")))
            throw IamException.InvalidInput("MetadataXML must be a SAML 2.0 md:EntityDescriptor with an entityID.");
        foreach (var certificate in descriptor.Descendants(Signature + "X509Certificate"))
        {
            try
            {
                using var parsed = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(certificate.Value.Where(c => !char.IsWhiteSpace(c)))));
                return new DateTimeOffset(parsed.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw IamException.InvalidInput("MetadataXML holds an X509Certificate that is not a base64 DER certificate.");
            }
        }
        return DateTimeOffset.TryParse((string?)descriptor.Attribute("validUntil"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until)
            ? until : null;
    }
}
