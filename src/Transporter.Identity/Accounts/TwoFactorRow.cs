namespace Transporter.Identity.Accounts;

/// <summary>A row of identity_tfa: the enabled and the pending secret (encrypted) and the recovery codes' hashes.</summary>
internal sealed record TwoFactorRow(string? SecretProtected, string? PendingProtected, long? PendingAt, string RecoveryHashes);
