namespace Transporter.Store.Engine.Model;

/// <summary>One page of versions (data versions and delete markers), by key and newest first, and common prefixes.</summary>
public sealed record ListVersionsPage(
    IReadOnlyList<ObjectInfo> Versions, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextVersionIdMarker);
