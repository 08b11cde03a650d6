using System.Security.Cryptography;
using System.Text;

namespace Transporter.Core.Reports;

/// <summary>
/// Report download tokens: 256 random bits, URL-safe base64 (43 characters). Only their SHA-256 is stored, and a
/// presented token is checked by comparing hashes in constant time.
/// </summary>
public static class DownloadToken
{
    private const int Bytes = 32;

    /// <summary>A new token and the hash to store.</summary>
    public static (string Token, string Hash) Create()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(Bytes));
        return (token, Hash(token));
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> is the one whose hash is <paramref name="storedHash"/>; the comparison
    /// takes the same time wherever the hashes differ.</summary>
    public static bool Matches(string? token, string? storedHash)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(storedHash) || token.Length > 256) return false;
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), expected);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
