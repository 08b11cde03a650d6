using System.Security.Cryptography;
using System.Text;

namespace Transporter.Identity.Signatures.SigV4;

/// <summary>The HMAC-SHA256 arithmetic of SigV4: signing key, string to sign, signature, constant-time comparison.</summary>
internal static class SigV4Signature
{
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static byte[] DeriveKey(string secret, string date, string region, string service)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{AuthorizationHeader.Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest)}";

    public static string Sha256Hex(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash);
    }

    public static byte[] Sign(byte[] signingKey, string stringToSign)
    {
        // The one-shot HMACSHA256.HashData sets up OpenSSL's MAC afresh on every call (EVP_Q_mac fetches the
        // implementation each time), a measurable share of a small request's cost; a signing key lives for a day, so
        // each thread keeps an HMAC of the last key it used and only re-initializes it between messages.
        var hmac = _threadHmac;
        if (hmac is null || !_threadHmacKey.AsSpan().SequenceEqual(signingKey))
        {
            hmac?.Dispose();
            _threadHmac = hmac = new HMACSHA256(signingKey);
            _threadHmacKey = (byte[])signingKey.Clone();
        }
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign));
    }

    [ThreadStatic] private static HMACSHA256? _threadHmac;
    [ThreadStatic] private static byte[]? _threadHmacKey;

    /// <summary>Compares a computed signature with the hex one the client sent, in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> computed, string providedHex)
    {
        if (providedHex.Length != computed.Length * 2) return false;
        Span<byte> provided = stackalloc byte[computed.Length];
        if (Convert.FromHexString(providedHex, provided, out _, out var written) != System.Buffers.OperationStatus.Done || written != computed.Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(computed, provided);
    }
}
