namespace Transporter.Store.Admin.Garage;

/// <summary>CreateBucket's body: a global alias, a local one (with the key's permissions), or both.</summary>
internal sealed record GarageCreateBucket(string? GlobalAlias, GarageLocalAlias? LocalAlias);
