using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// RSCreate/Get/Update/DeleteSAMLConnection with boto3-signed requests: the settings are stored per root (a customer
/// never sees another's), the expiry is the IdP certificate's (made with openssl), bad metadata is InvalidInput and
/// stores nothing, only the root user manages it, and a federated user still cannot sign in (SAML sign-in not offered).
/// </summary>
public class SamlConnectionTests(ShortSessionStoreFixture store) : IClassFixture<ShortSessionStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Saml_connection_settings_are_created_read_updated_and_deleted_per_root()
    {
        var r = await _boto3.JsonAsync(CustomerClients.Prelude + """
            import subprocess, tempfile
            name, other = sys.argv[1], sys.argv[2]
            email, pw = create_customer(name)
            key = customer_key(name, email, pw)
            other_key = customer_key(other, *create_customer(other))
            def certificate(days):
                d = tempfile.mkdtemp()
                subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', d + '/k.pem', '-out', d + '/c.pem',
                                '-days', str(days), '-subj', '/CN=idp.example'], check=True, capture_output=True)
                pem = open(d + '/c.pem').read()
                return ''.join(l for l in pem.splitlines() if not l.startswith('-----'))
            def metadata(days):
                return ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
                        'entityID="https://idp.example/%s"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
                        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data>'
                        '</ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>') % (name, certificate(days))
            def saml(action, creds=key, **form):
                return call('iam', dict({'Action': action}, **form), creds)
            results = {'none': saml('RSGetSAMLConnection'),
                       'malformed': saml('RSCreateSAMLConnection', MetadataXML='<md:EntityDescriptor'),
                       'notMetadata': saml('RSCreateSAMLConnection', MetadataXML='<html/>'),
                       'dtd': saml('RSCreateSAMLConnection', MetadataXML='<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'),
                       'missing': saml('RSCreateSAMLConnection'),
                       'updateNone': saml('RSUpdateSAMLConnection', MetadataXML=metadata(10))}
            results['stillNone'] = saml('RSGetSAMLConnection')
            results['created'] = json_of(saml('RSCreateSAMLConnection', MetadataXML=metadata(365)))
            results['again'] = saml('RSCreateSAMLConnection', MetadataXML=metadata(365))
            results['got'] = json_of(saml('RSGetSAMLConnection'))
            results['otherSees'] = saml('RSGetSAMLConnection', other_key)
            results['updated'] = json_of(saml('RSUpdateSAMLConnection', MetadataXML=metadata(30)))
            user = 'plain-%s@example.com' % name
            user_iam = iam_client(key['AccessKeyId'], key['SecretAccessKey'])
            user_iam.create_user(UserName=user)
            user_key = user_iam.create_access_key(UserName=user)['AccessKey']
            results['notRoot'] = saml('RSGetSAMLConnection', {'AccessKeyId': user_key['AccessKeyId'], 'SecretAccessKey': user_key['SecretAccessKey']})
            results['deleted'] = json_of(saml('RSDeleteSAMLConnection'))
            results['afterDelete'] = saml('RSGetSAMLConnection')
            out(results)
            """, "s" + Guid.NewGuid().ToString("N")[..10], "s" + Guid.NewGuid().ToString("N")[..10]);

        Refused(r.GetProperty("none"), 404, "NoSuchEntity");
        Refused(r.GetProperty("malformed"), 400, "InvalidInput");
        Refused(r.GetProperty("notMetadata"), 400, "InvalidInput");
        Refused(r.GetProperty("dtd"), 400, "InvalidInput");
        Refused(r.GetProperty("missing"), 400, "ValidationError");
        Refused(r.GetProperty("updateNone"), 404, "NoSuchEntity");
        Refused(r.GetProperty("stillNone"), 404, "NoSuchEntity");
        var created = r.GetProperty("created");
        Assert.Equal("true", created.GetProperty("Success").GetString());
        var provider = created.GetProperty("Provider").GetString()!;
        Assert.EndsWith("-account-saml", provider);
        Assert.Equal("urn:transporter:" + provider, created.GetProperty("EntityId").GetString());
        Assert.EndsWith("/login/callback?connection=" + provider, created.GetProperty("ProviderUrl").GetString());
        ExpiresInDays(created, 365);
        Refused(r.GetProperty("again"), 409, "EntityAlreadyExists");
        var got = r.GetProperty("got");
        Assert.False(got.TryGetProperty("Success", out _));
        Assert.Equal(created.GetProperty("Expiry").GetString(), got.GetProperty("Expiry").GetString());
        Refused(r.GetProperty("otherSees"), 404, "NoSuchEntity");
        ExpiresInDays(r.GetProperty("updated"), 30);
        Refused(r.GetProperty("notRoot"), 403, "AccessDenied");
        Assert.Equal("true", r.GetProperty("deleted").GetProperty("Success").GetString());
        Refused(r.GetProperty("afterDelete"), 404, "NoSuchEntity");
    }

    /// <summary>The certificate's NotAfter, a date; within a day of now + days (the test may cross midnight).</summary>
    private static void ExpiresInDays(JsonElement answer, int days)
    {
        var expiry = DateTime.ParseExact(answer.GetProperty("Expiry").GetString()!, "MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((expiry - DateTime.UtcNow.Date.AddDays(days)).TotalDays, -1, 1);
    }

    private static void Refused(JsonElement answer, int status, string code)
    {
        Assert.Equal(status, answer[0].GetInt32());
        Assert.Contains($"<Code>{code}</Code>", answer[1].GetString());
    }
}
