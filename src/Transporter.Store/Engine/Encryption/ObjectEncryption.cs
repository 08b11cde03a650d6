using System.Security.Cryptography;
using Transporter.Core.Security;

namespace Transporter.Store.Engine.Encryption;

/// <summary>
/// How a version's bytes are encrypted at rest: SSE-S3 (a random data key per version, kept wrapped by the platform's
/// master key) or SSE-C (the customer's key, never stored: only its MD5, to recognise it). Stored in the version's
/// "sse" column as "S3;nonce;wrapped-key" or "C;nonce;key-md5".
/// </summary>
public sealed record ObjectEncryption(bool CustomerKey, byte[] Nonce, string KeyMaterial)
{
    /// <summary>A new SSE-S3 encryption and its data key.</summary>
    internal static (ObjectEncryption Encryption, byte[] Key) NewSseS3(SecretProtector master)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (new ObjectEncryption(false, RandomNumberGenerator.GetBytes(8), master.Protect(Convert.ToBase64String(key))), key);
    }

    /// <summary>A new SSE-C encryption with the customer's 32-byte key.</summary>
    internal static ObjectEncryption NewSseC(byte[] customerKey) =>
        new(true, RandomNumberGenerator.GetBytes(8), Convert.ToBase64String(MD5.HashData(customerKey)));

    /// <summary>The key MD5 (base64) of an SSE-C version; null for SSE-S3.</summary>
    public string? CustomerKeyMd5 => CustomerKey ? KeyMaterial : null;

    /// <summary>The data key: unwrapped (SSE-S3), or the customer's key once checked against the stored MD5
    /// (InvalidRequest without one, AccessDenied for another key).</summary>
    internal byte[] DataKey(SecretProtector master, byte[]? customerKey)
    {
        if (!CustomerKey) return Convert.FromBase64String(master.Unprotect(KeyMaterial));
        if (customerKey is null)
            throw new StoreException(StoreErrorCode.InvalidRequest,
                "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
        if (!CryptographicOperations.FixedTimeEquals(MD5.HashData(customerKey), Convert.FromBase64String(KeyMaterial)))
            throw new StoreException(StoreErrorCode.AccessDenied, "The provided encryption key does not match the key the object was stored with.");
        return customerKey;
    }

    public string Encode() => $"{(CustomerKey ? "C" : "S3")};{Convert.ToBase64String(Nonce)};{KeyMaterial}";

    public static ObjectEncryption? Decode(string? stored)
    {
        if (stored is null) return null;
        var parts = stored.Split(';', 3);
        return new ObjectEncryption(parts[0] == "C", Convert.FromBase64String(parts[1]), parts[2]);
    }
}
