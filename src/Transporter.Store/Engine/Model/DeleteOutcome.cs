namespace Transporter.Store.Engine.Model;

/// <summary>The result for one key of a multi-object delete: deleted (Error null) or refused.</summary>
public sealed record DeleteOutcome(string Key, StoreErrorCode? Error, string? Message);
