namespace Transporter.Store.Admin.Garage;

/// <summary>read/write/owner flags (BucketAllowKey, BucketDenyKey, localAlias.allow).</summary>
internal sealed record GaragePermissions(bool? Read, bool? Write, bool? Owner);
