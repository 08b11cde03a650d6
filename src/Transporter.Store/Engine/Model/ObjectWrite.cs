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

    /// <summary>Encryption at rest asked for by the request (SSE-S3 or SSE-C); null for plain bytes.</summary>
    public EncryptionRequest? Encrypt { get; init; }

    /// <summary>The engine's stored form of the encryption chosen (set by the engine; kept with multipart uploads).</summary>
    public string? Encryption { get; init; }
}
