namespace Transporter.Store.Admin.Garage;

internal sealed record GarageLocalAlias(string? AccessKeyId, string? Alias, GaragePermissions? Allow);
