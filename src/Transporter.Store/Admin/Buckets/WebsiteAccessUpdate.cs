namespace Transporter.Store.Admin.Buckets;

/// <summary>Website access as an administrator sets it (Garage's websiteAccess): on with an index document and an
/// optional error document, or off.</summary>
public sealed record WebsiteAccessUpdate(bool Enabled, string? IndexDocument, string? ErrorDocument);
