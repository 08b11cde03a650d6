namespace Transporter.Identity.Accounts;

/// <summary>An STS session's encrypted secret with its owner, token hash, policy and expiry.</summary>
internal sealed class SessionCredentialRow
{
    public string SecretProtected { get; set; } = "";
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public bool IsRoot { get; set; }
    public string TokenHash { get; set; } = "";
    public string? Policy { get; set; }
    public long ExpiresAt { get; set; }
}
