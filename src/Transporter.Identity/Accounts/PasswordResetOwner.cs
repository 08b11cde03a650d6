namespace Transporter.Identity.Accounts;

/// <summary>The user a password reset token was made for.</summary>
internal sealed record PasswordResetOwner(string Root, string UserName);
