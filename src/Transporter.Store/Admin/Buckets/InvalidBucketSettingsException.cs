namespace Transporter.Store.Admin.Buckets;

/// <summary>A <see cref="BucketSettingsUpdate"/> that cannot be applied; nothing was changed. The message says why, for
/// the person who asked.</summary>
public sealed class InvalidBucketSettingsException(string message) : Exception(message);
