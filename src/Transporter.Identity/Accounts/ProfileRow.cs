namespace Transporter.Identity.Accounts;

/// <summary>A row of identity_user_profiles (the type is null for a profile stored before types existed).</summary>
internal sealed record ProfileRow(string FirstName, string LastName, string? UserType, string AuthMethod);
