namespace Transporter.Identity.Customers;

/// <summary>One whitelist rule of a root: a subnet its requests may come from once a reseller approved it.</summary>
/// <param name="Status">Pending, Active (approved), Rejected; an Active rule past <paramref name="ExpiresAt"/> is listed
/// as Suspended.</param>
/// <param name="TtlDays">Days the rule lives after its approval; null: for ever.</param>
public sealed record WhitelistRule(
    string RuleId, string Root, string SubNet, IReadOnlyList<string> Regions, string Notes, int? TtlDays, string Status,
    DateTimeOffset InsertedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiresAt)
{
    public const string Pending = "Pending";
    public const string Active = "Active";
    public const string Rejected = "Rejected";
    public const string Suspended = "Suspended";

    /// <summary>The status as listed at <paramref name="now"/>: an approved rule past its TTL is Suspended.</summary>
    public string StatusAt(DateTimeOffset now) => Status == Active && ExpiresAt <= now ? Suspended : Status;
}
