namespace Transporter.Store.Admin.Garage;

/// <summary>BucketAllowKey / BucketDenyKey bodies.</summary>
internal sealed record GarageBucketKeyPermissions(string? BucketId, string? AccessKeyId, GaragePermissions? Permissions);
