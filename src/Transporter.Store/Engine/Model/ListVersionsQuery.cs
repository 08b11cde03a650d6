namespace Transporter.Store.Engine.Model;

/// <summary>One page request of ListObjectVersions.</summary>
/// <param name="KeyMarker">Start after this key (all its versions), or, with <paramref name="VersionIdMarker"/>, after
/// that version of it.</param>
public sealed record ListVersionsQuery(string Prefix, string? Delimiter, string? KeyMarker, string? VersionIdMarker, int MaxKeys);
