namespace Transporter.Identity.Accounts;

/// <summary>A long-term key's encrypted secret with its owner.</summary>
internal sealed class CredentialRow
{
    public string SecretProtected { get; set; } = "";
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public bool IsRoot { get; set; }
}
