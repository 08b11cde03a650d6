using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>A row of <see cref="PolicySql.Select"/>, with the number of users the policy is attached to.</summary>
internal sealed class PolicyRow
{
    public string Root { get; set; } = "";
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public string Path { get; set; } = "";
    public string Description { get; set; } = "";
    public string DefaultVersionId { get; set; } = "";
    public long NextVersion { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long AttachmentCount { get; set; }

    public ManagedPolicyInfo ToInfo() =>
        new(Root, Name, Id, Path, Description, DefaultVersionId, (int)AttachmentCount, FromMs(CreatedAt), FromMs(UpdatedAt));
}
