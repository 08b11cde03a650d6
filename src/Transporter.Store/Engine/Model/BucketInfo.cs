namespace Transporter.Store.Engine.Model;

/// <summary>A bucket and the root (tenant) that owns it.</summary>
public sealed record BucketInfo(string Name, string Owner, DateTimeOffset Created);
