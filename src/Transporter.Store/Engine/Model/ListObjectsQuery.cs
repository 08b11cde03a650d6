namespace Transporter.Store.Engine.Model;

/// <summary>One page request of a bucket listing.</summary>
/// <param name="Prefix">Only keys starting with it ("" for all).</param>
/// <param name="Delimiter">Rolls keys containing it after the prefix up into common prefixes; null or "" for none.</param>
/// <param name="After">Exclusive start: only keys (and common prefixes) sorting after it; null for the beginning.</param>
/// <param name="MaxKeys">Keys plus common prefixes to return, 0..1000.</param>
public sealed record ListObjectsQuery(string Prefix, string? Delimiter, string? After, int MaxKeys);
