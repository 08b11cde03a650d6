namespace Transporter.Store.Admin.Garage;

/// <summary>CreateKey and ImportKey bodies: a name, and for ImportKey the key itself.</summary>
internal sealed record GarageKeyRequest(string? Name, string? AccessKeyId, string? SecretAccessKey);
