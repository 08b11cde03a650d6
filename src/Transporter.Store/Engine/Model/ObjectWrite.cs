namespace Transporter.Store.Engine.Model;

/// <summary>The stored attributes of an object being written: headers, user metadata and tags.</summary>
public sealed record ObjectWrite
{
    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;
    public TagSet Tags { get; init; } = TagSet.Empty;
}
