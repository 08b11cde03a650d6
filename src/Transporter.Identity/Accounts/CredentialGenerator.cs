using System.Security.Cryptography;

namespace Transporter.Identity.Accounts;

/// <summary>New access key ids, secrets and numeric ids, from a cryptographic random source.</summary>
public static class CredentialGenerator
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Mixed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>20 upper-case letters and digits, the shape of AWS access key ids.</summary>
    public static string NewAccessKeyId() => RandomNumberGenerator.GetString(Upper, 20);

    /// <summary>40 letters and digits (about 238 bits).</summary>
    public static string NewSecretKey() => RandomNumberGenerator.GetString(Mixed, 40);

    /// <summary>A 12-digit id, as the spec shows for roots and users ("100000000288").</summary>
    public static string NewNumericId() => "1" + RandomNumberGenerator.GetString("0123456789", 11);
}
