namespace Transporter.Store.Engine.Model;

/// <summary>The result for one key (and version) of a multi-object delete: deleted (Error null) or refused.</summary>
public sealed record DeleteOutcome(string Key, StoreErrorCode? Error, string? Message)
{
    /// <summary>The version asked for, as the client sent it.</summary>
    public string? VersionId { get; init; }

    /// <summary>What the delete did, when it succeeded.</summary>
    public DeleteResult? Result { get; init; }
}
