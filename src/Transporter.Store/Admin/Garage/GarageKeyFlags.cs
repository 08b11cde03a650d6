namespace Transporter.Store.Admin.Garage;

/// <summary>The flags of UpdateKey's allow/deny: createBucket only.</summary>
internal sealed record GarageKeyFlags(bool? CreateBucket);
