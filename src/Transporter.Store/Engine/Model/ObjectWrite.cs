namespace Transporter.Store.Engine.Model;

/// <summary>The stored attributes of an object being written: headers, user metadata and tags.</summary>
public sealed record ObjectWrite
{
    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;
    public TagSet Tags { get; init; } = TagSet.Empty;

    /// <summary>If-Match / If-None-Match of the write; null for an unconditional one.</summary>
    public WriteCondition? Condition { get; init; }
}
