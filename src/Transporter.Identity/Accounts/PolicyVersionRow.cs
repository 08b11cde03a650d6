namespace Transporter.Identity.Accounts;

/// <summary>A row of identity_policy_versions.</summary>
internal sealed class PolicyVersionRow
{
    public string VersionId { get; set; } = "";
    public string Document { get; set; } = "";
    public long CreatedAt { get; set; }
}
