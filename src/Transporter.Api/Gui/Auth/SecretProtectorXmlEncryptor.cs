using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Transporter.Core.Security;

namespace Transporter.Api.Gui.Auth;

/// <summary>Encrypts the GUI's data-protection keys (which protect session cookies and anti-forgery tokens) at rest with
/// the platform's master key, like every other secret of the platform.</summary>
public sealed class SecretProtectorXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(
        new XElement("encryptedKey", new XComment(" encrypted with the Transporter master key "),
            new XElement("value", protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting)))),
        typeof(SecretProtectorXmlDecryptor));
}
