namespace Transporter.Store.Admin.Garage;

/// <summary>A key's Garage attributes. Keys made outside the admin API have none: their name is "root/user" and
/// they may create buckets (as they always could).</summary>
internal sealed record AdminKeyRecord(string AccessKeyId, string Name, bool CreateBucket);
