namespace Transporter.Store.Engine.Model;

/// <summary>One entry of a multi-object delete: a key and, optionally, the version to remove for good.</summary>
public sealed record ObjectToDelete(string Key, string? VersionId = null);
