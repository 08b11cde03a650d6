using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transporter.Identity.Accounts;

/// <summary>
/// Passwords kept as PBKDF2-HMAC-SHA512 hashes (OWASP's 210,000 iterations, a 16-byte random salt), in the form
/// "pbkdf2-sha512$ITERATIONS$SALT$HASH" so the cost can rise later without invalidating stored hashes; and the spec's
/// password rule (at least 10 characters with digits, lower-case and upper-case letters).
/// </summary>
public static class PasswordHashing
{
    public const int Iterations = 210_000;
    private const string Scheme = "pbkdf2-sha512";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations,
            HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The spec's rule; null when <paramref name="password"/> meets it, else what is missing.</summary>
    public static string? Weakness(string password)
    {
        if (password.Length is < 10 or > 128) return "A password is 10 to 128 characters.";
        if (!password.Any(char.IsAsciiDigit) || !password.Any(char.IsAsciiLetterLower) || !password.Any(char.IsAsciiLetterUpper))
            return "A password contains digits, lower-case and upper-case letters.";
        return null;
    }
}
