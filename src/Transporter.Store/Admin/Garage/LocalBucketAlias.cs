namespace Transporter.Store.Admin.Garage;

/// <summary>One local alias: <see cref="Alias"/> names bucket <see cref="BucketName"/> (id <see cref="BucketId"/>, see
/// <see cref="BucketIds"/>) for requests signed by <see cref="AccessKeyId"/>.</summary>
internal sealed record LocalBucketAlias(string AccessKeyId, string Alias, string BucketName, string BucketId);
