using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Identity.Accounts;

/// <summary>A row of <see cref="AccessKeySql.Select"/>: never the secret.</summary>
internal sealed class AccessKeyRow
{
    public string AccessKeyId { get; set; } = "";
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public long CreatedAt { get; set; }

    public AccessKeyInfo ToInfo() => new(AccessKeyId, Root, UserName, FromMs(CreatedAt));
}
