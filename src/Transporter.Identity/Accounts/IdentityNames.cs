using System.Text.RegularExpressions;

namespace Transporter.Identity.Accounts;

/// <summary>What names and keys of the identity store may look like; bad input is refused before anything is stored.</summary>
public static partial class IdentityNames
{
    public static void ValidateRoot(string? name)
    {
        if (name is null || !RootPattern().IsMatch(name))
            throw new IdentityException(IdentityErrorKind.Invalid, "A root name is 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
    }

    public static void ValidateUser(string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 128 || userName.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '/' or ':'))
            throw new IdentityException(IdentityErrorKind.Invalid, "A user name (usually an email) is 1 to 128 characters without spaces, '/' or ':'.");
    }

    public static void ValidateAccessKey(string? accessKeyId, string? secretKey)
    {
        if (accessKeyId is null || !AccessKeyPattern().IsMatch(accessKeyId))
            throw new IdentityException(IdentityErrorKind.Invalid, "An access key id is 3 to 128 letters or digits.");
        if (secretKey is null || secretKey.Length is < 8 or > 128 || secretKey.Any(c => c is <= ' ' or > '~'))
            throw new IdentityException(IdentityErrorKind.Invalid, "A secret key is 8 to 128 printable ASCII characters without spaces.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex RootPattern();

    [GeneratedRegex("^[A-Za-z0-9]{3,128}$")]
    private static partial Regex AccessKeyPattern();
}
