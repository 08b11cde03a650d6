using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>A row of <see cref="RootSql.Select"/>.</summary>
internal sealed class RootRow
{
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public long CreatedAt { get; set; }
    public string? RootUserName { get; set; }

    public RootInfo ToInfo() => new(Name, Id, RootUserName ?? "", FromMs(CreatedAt));
}
