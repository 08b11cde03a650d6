using Transporter.Core.Security;
using Transporter.Store.Engine.Encryption;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// Encryption at rest (SSE-S3, SSE-C): AES-256-CTR applied as the bytes stream to disk and back, per data file (a
/// multipart object's parts each from their part number), with the data key wrapped by the platform's master key or
/// supplied by the customer on every request.
/// </summary>
public sealed partial class StorageEngine
{
    private SecretProtector? _master;

    /// <summary>The master key wrapping SSE-S3 data keys: the platform's, else one kept beside meta.db (made on first use).</summary>
    private SecretProtector Master => _master ??= _options.MasterKey ?? SecretProtector.FromKeyOrFile(null, Path.Combine(Directory, "master.key"));

    /// <summary>A write's encryption: its stored form in <see cref="ObjectWrite.Encryption"/> and the cipher of part
    /// <paramref name="part"/> (null for a plain write).</summary>
    private (ObjectWrite Write, AesCtr? Cipher) StartEncryption(ObjectWrite write, int part)
    {
        if (write.Encrypt is not { } request) return (write, null);
        byte[] key;
        ObjectEncryption encryption;
        if (request.CustomerKey is { } customer) (encryption, key) = (ObjectEncryption.NewSseC(customer), customer);
        else (encryption, key) = ObjectEncryption.NewSseS3(Master);
        return (write with { Encryption = encryption.Encode(), Encrypt = null }, new AesCtr(key, encryption.Nonce, part));
    }

    /// <summary>The cipher of one part of an upload created with <paramref name="encoded"/> encryption.</summary>
    private AesCtr? PartCipher(string? encoded, byte[]? customerKey, int part)
    {
        if (ObjectEncryption.Decode(encoded) is not { } encryption) return null;
        return new AesCtr(encryption.DataKey(Master, customerKey), encryption.Nonce, part);
    }

    /// <summary>Decryption of a stored version (null when it is plain); InvalidRequest or AccessDenied for SSE-C
    /// without its key or with another one.</summary>
    private Func<int, AesCtr>? Decryptor(ObjectInfo info, byte[]? customerKey)
    {
        if (ObjectEncryption.Decode(info.Encryption) is not { } encryption) return null;
        var key = encryption.DataKey(Master, customerKey);
        return part => new AesCtr(key, encryption.Nonce, part);
    }

    /// <summary>What a HEAD of an SSE-C version needs: its key (InvalidRequest without, AccessDenied for another).</summary>
    public void CheckCustomerKey(ObjectInfo info, byte[]? customerKey)
    {
        if (ObjectEncryption.Decode(info.Encryption) is { CustomerKey: true } encryption) encryption.DataKey(Master, customerKey);
    }

    /// <summary>The ETag of a version: the MD5 of its bytes, except under SSE-C, where S3's ETag is not one (it would
    /// tell the content's hash to anyone without the key).</summary>
    private static string VersionETag(string md5Hex, string? encryption) =>
        ObjectEncryption.Decode(encryption) is { CustomerKey: true } sseC && !md5Hex.Contains('-')
            ? Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([.. Convert.FromHexString(md5Hex), .. Convert.FromBase64String(sseC.KeyMaterial)]))
            : md5Hex;
}
