namespace Transporter.Core.Storage;

/// <summary>One version of an object in a versioned bucket (<see cref="IObjectStore.ListVersionsAsync"/>): data, or a
/// delete marker (no data). <see cref="VersionId"/> is "null" for the version written while versioning was off.</summary>
public sealed record ObjectVersion(string Key, string VersionId, bool IsDeleteMarker, bool IsLatest, long Size, DateTimeOffset LastModified, string? ETag);
