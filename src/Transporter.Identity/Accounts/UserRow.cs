using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>A row of <see cref="UserSql.Select"/>.</summary>
internal sealed class UserRow
{
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Id { get; set; } = "";
    public bool IsRoot { get; set; }
    public long CreatedAt { get; set; }

    public UserInfo ToInfo() => new(Root, UserName, Id, IsRoot, FromMs(CreatedAt));
}
