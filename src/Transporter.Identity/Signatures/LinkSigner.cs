using System.Security.Cryptography;
using System.Text;
using Transporter.Identity.Accounts;

namespace Transporter.Identity.Signatures;

/// <summary>
/// Lyve's RSPresignLink: a GET link to an object signed with the caller's access key. SigV4 links live at most seven
/// days and Lyve's up to thirty, so the link is a SigV2 query-string signature (Expires as a Unix time), which this
/// store accepts for S3.
/// </summary>
public sealed class LinkSigner(IAccessKeyLookup keys)
{
    public async ValueTask<string> SignGetAsync(string baseUrl, string bucket, string key, DateTimeOffset expires, string accessKeyId, CancellationToken ct)
    {
        var credential = await keys.FindAsync(accessKeyId, ct).ConfigureAwait(false) ?? throw new RequestAuthenticationException(AuthFailureKind.InvalidAccessKeyId);
        var path = "/" + bucket + "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var epoch = expires.ToUnixTimeSeconds();
        var stringToSign = $"GET\n\n\n{epoch}\n{path}";
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(credential.SecretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"{baseUrl.TrimEnd('/')}{path}?AWSAccessKeyId={Uri.EscapeDataString(accessKeyId)}&Expires={epoch}&Signature={Uri.EscapeDataString(signature)}";
    }
}
