using System.Security.Cryptography;

namespace Transporter.Identity.Signatures.Payload;

/// <summary>
/// Passes the body through while hashing it; at its end, compares with the signed x-amz-content-sha256 and throws
/// XAmzContentSHA256Mismatch, so a consumer that commits only after reading to the end never keeps altered data.
/// </summary>
internal sealed class PayloadHashStream(Stream inner, string expectedHex) : AsyncReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            _hash.AppendData(buffer.Span[..n]);
        }
        else if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            Span<byte> actual = stackalloc byte[32];
            _hash.GetHashAndReset(actual);
            if (!SigV4.SigV4Signature.Matches(actual, expectedHex))
                throw new RequestAuthenticationException(AuthFailureKind.XAmzContentSHA256Mismatch);
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
