using System.Security.Cryptography;
using System.Text;
using Transporter.Identity.Accounts;
using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Signatures;

/// <summary>
/// Who signed the policy of a browser form upload (POST Object): SigV4 (x-amz-algorithm, x-amz-credential,
/// x-amz-date, x-amz-signature = hex HMAC-SHA256 of the base64 policy with the day's signing key) or SigV2
/// (AWSAccessKeyId, signature = base64 HMAC-SHA1 of the base64 policy).
/// </summary>
public sealed class PostPolicySignature(IAccessKeyLookup keys)
{
    /// <param name="field">The form's fields by lower-case name.</param>
    public async ValueTask<Caller> VerifyAsync(IReadOnlyDictionary<string, string> field, string policyBase64, CancellationToken ct)
    {
        if (field.TryGetValue("x-amz-signature", out var signature))
        {
            if (!field.TryGetValue("x-amz-algorithm", out var algorithm) || algorithm != AuthorizationHeader.Algorithm)
                throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "POST requires the x-amz-algorithm field AWS4-HMAC-SHA256.");
            var credential = field.TryGetValue("x-amz-credential", out var c) ? c : throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "POST requires the x-amz-credential field.");
            var amzDate = field.TryGetValue("x-amz-date", out var d) ? d : throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "POST requires the x-amz-date field.");
            var scope = CredentialScope.Parse(credential, AuthFailureKind.InvalidArgument);
            scope.Validate("s3", amzDate, AuthFailureKind.InvalidArgument);
            var found = await keys.FindAsync(scope.AccessKeyId, ct).ConfigureAwait(false) ?? throw new RequestAuthenticationException(AuthFailureKind.InvalidAccessKeyId);
            var key = SigV4Signature.DeriveKey(found.SecretKey, scope.Date, scope.Region, scope.Service);
            if (!SigV4Signature.Matches(SigV4Signature.Sign(key, policyBase64), signature)) throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch);
            return found.Caller;
        }
        if (field.TryGetValue("signature", out var v2) && field.TryGetValue("awsaccesskeyid", out var accessKeyId))
        {
            var found = await keys.FindAsync(accessKeyId, ct).ConfigureAwait(false) ?? throw new RequestAuthenticationException(AuthFailureKind.InvalidAccessKeyId);
            var computed = HMACSHA1.HashData(Encoding.UTF8.GetBytes(found.SecretKey), Encoding.UTF8.GetBytes(policyBase64));
            Span<byte> provided = stackalloc byte[20];
            if (!Convert.TryFromBase64String(v2, provided, out var written) || written != 20 || !CryptographicOperations.FixedTimeEquals(computed, provided))
                throw new RequestAuthenticationException(AuthFailureKind.SignatureDoesNotMatch);
            return found.Caller;
        }
        throw new RequestAuthenticationException(AuthFailureKind.InvalidArgument, "A POST with a policy must be signed: x-amz-signature (SigV4) or signature with AWSAccessKeyId (SigV2).");
    }
}
