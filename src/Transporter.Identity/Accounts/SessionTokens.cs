using System.Security.Cryptography;
using System.Text;

namespace Transporter.Identity.Accounts;

/// <summary>STS session tokens: random, handed out once, stored only as their SHA-256 (a leaked database does not
/// give working tokens), compared in constant time.</summary>
public static class SessionTokens
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new token of 64 letters and digits (about 380 bits).</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, 64);

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));
}
