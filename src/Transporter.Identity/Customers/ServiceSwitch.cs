namespace Transporter.Identity.Customers;

/// <summary>One service switched for a customer by RSSetCustomerServiceAccessLevel.</summary>
public sealed record ServiceSwitch(string Root, string Service, bool Enabled, DateTimeOffset? ExpiresAt);
