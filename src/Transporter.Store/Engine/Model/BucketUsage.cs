namespace Transporter.Store.Engine.Model;

/// <summary>Running totals kept with the bucket on every commit (never summed per request).</summary>
public sealed record BucketUsage(long Bytes, long Objects);
