namespace Transporter.Store.Engine.Model;

/// <summary>The stored attributes of an object being written: headers, user metadata and tags.</summary>
public sealed record ObjectWrite
{
    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;
    public TagSet Tags { get; init; } = TagSet.Empty;

    /// <summary>If-Match / If-None-Match of the write; null for an unconditional one.</summary>
    public WriteCondition? Condition { get; init; }

    /// <summary>Object lock retention of the new version ("GOVERNANCE" or "COMPLIANCE"), with <see cref="RetainUntil"/>.</summary>
    public string? LockMode { get; init; }

    public DateTimeOffset? RetainUntil { get; init; }

    public bool LegalHold { get; init; }

    /// <summary>The version's access control list as the protocol layer encodes it; null for the private default.</summary>
    public string? Acl { get; init; }

    /// <summary>The root that writes, when it is not the bucket's owner.</summary>
    public string? Writer { get; init; }

    /// <summary>Encryption at rest asked for (the engine's encoded form); null for the bucket's default.</summary>
    public string? Encryption { get; init; }
}
