namespace Transporter.Store.Engine.Model;

/// <summary>An object as a listing shows it.</summary>
public sealed record ListedObject(string Key, long Size, string ETag, DateTimeOffset LastModified);
