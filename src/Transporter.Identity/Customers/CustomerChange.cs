namespace Transporter.Identity.Customers;

/// <summary>What RSModifyCustomer changes; a null member keeps its value.</summary>
public sealed record CustomerChange(bool? Active = null, bool? AssumeRoleEnabled = null, bool? ReplicationEnforcement = null,
    IReadOnlyList<string>? Regions = null);
