namespace Transporter.Identity.Accounts;

/// <summary>
/// What the spec's RSGetUserInfo tells of a user besides its name: first and last name, its type ("root", "admin" or
/// "user") and how it signs in (<see cref="Password"/> or <see cref="Federated"/>, i.e. SAML).
/// </summary>
public sealed record UserProfile(string FirstName, string LastName, string Type, string AuthMethod)
{
    public const string Password = "password";
    public const string Federated = "federated";

    public static readonly IReadOnlyList<string> Types = ["root", "admin", "user"];
    public static readonly IReadOnlyList<string> AuthMethods = [Password, Federated];

    /// <summary>The profile of a user nobody set one for.</summary>
    public static UserProfile Default(bool isRoot) => new("", "", isRoot ? "root" : "user", Password);
}
