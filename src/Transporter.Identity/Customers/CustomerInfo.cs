namespace Transporter.Identity.Customers;

/// <summary>A customer: a root created by a reseller, with the settings the reseller (or the customer) controls.</summary>
/// <param name="AssumeRoleControl">Who may switch <paramref name="AssumeRoleEnabled"/>: "reseller", "customer", or "" (nobody: off).</param>
public sealed record CustomerInfo(
    string Name, string Reseller, string Email, bool Active, DateTimeOffset? SuspendedAt, string AssumeRoleControl, bool AssumeRoleEnabled,
    bool ReplicationEnforcement, IReadOnlyList<string> Regions, bool RestrictServiceAccess, DateTimeOffset CreatedAt);
