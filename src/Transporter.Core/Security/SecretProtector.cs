using System.Security.Cryptography;
using System.Text;

namespace Transporter.Core.Security;

/// <summary>
/// Encrypts secrets at rest (endpoint credentials, secret keys) with AES-256-GCM.
/// Output: base64( version(1) | nonce(12) | tag(16) | ciphertext ).
/// </summary>
public sealed class SecretProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretProtector(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("The master key must be 32 bytes.", nameof(key));
        _key = key;
    }

    /// <summary>The key from <paramref name="base64Key"/> when given, else from (or newly into) <paramref name="keyFile"/>.</summary>
    public static SecretProtector FromKeyOrFile(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            try { return new SecretProtector(Convert.FromBase64String(base64Key.Trim())); }
            catch (FormatException) { throw new InvalidOperationException("TRANSPORTER_MASTER_KEY is not valid base64."); }
        }
        if (File.Exists(keyFile)) return new SecretProtector(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = keyFile + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, keyFile, overwrite: false);
        return new SecretProtector(key);
    }

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + TagSize + plain.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedText)
    {
        var input = Convert.FromBase64String(protectedText);
        if (input.Length < 1 + NonceSize + TagSize || input[0] != Version)
            throw new CryptographicException("Unknown secret format.");
        var plain = new byte[input.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(1, NonceSize), input.AsSpan(1 + NonceSize + TagSize), input.AsSpan(1 + NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
