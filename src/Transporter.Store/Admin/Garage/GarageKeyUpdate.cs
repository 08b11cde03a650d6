namespace Transporter.Store.Admin.Garage;

/// <summary>UpdateKey's body: all fields optional.</summary>
internal sealed record GarageKeyUpdate(string? Name, GarageKeyFlags? Allow, GarageKeyFlags? Deny);
