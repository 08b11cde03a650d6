using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Transporter.Core.Security;

namespace Transporter.Api.Gui.Auth;

/// <summary>Reads keys written by <see cref="SecretProtectorXmlEncryptor"/>; data protection creates it with the services.</summary>
public sealed class SecretProtectorXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var value = encryptedElement.Element("value")?.Value ?? throw new InvalidOperationException("the encrypted key has no value");
        return XElement.Parse(services.GetRequiredService<SecretProtector>().Unprotect(value));
    }
}
