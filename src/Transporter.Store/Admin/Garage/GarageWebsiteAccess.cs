namespace Transporter.Store.Admin.Garage;

internal sealed record GarageWebsiteAccess(bool Enabled, string? IndexDocument, string? ErrorDocument);
