using Transporter.Store.Engine.Model;

namespace Transporter.Store.Admin.Buckets;

/// <summary>What an administrator changes on a bucket; a part left null stays as it is. Quotas are set together (a
/// null limit inside them removes that limit), as Garage's UpdateBucket does.</summary>
public sealed record BucketSettingsUpdate(WebsiteAccessUpdate? Website, BucketQuotas? Quotas);
