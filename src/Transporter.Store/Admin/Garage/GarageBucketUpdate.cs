namespace Transporter.Store.Admin.Garage;

/// <summary>UpdateBucket's body: both parts optional.</summary>
internal sealed record GarageBucketUpdate(GarageWebsiteAccess? WebsiteAccess, GarageQuotas? Quotas);
