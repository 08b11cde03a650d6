namespace Transporter.Store.Engine.Model;

/// <summary>One page of a listing: objects and common prefixes, each in UTF-8 byte order.</summary>
/// <param name="LastReturned">The last key or common prefix in listing order; the next page starts after it.</param>
public sealed record ListObjectsPage(
    IReadOnlyList<ListedObject> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastReturned);
