namespace Transporter.Store.Billing;

/// <summary>One root's minute of activity.</summary>
internal sealed record BillingMinute(DateTimeOffset Date, UsageCounts Counts);
