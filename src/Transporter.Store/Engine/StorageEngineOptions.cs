namespace Transporter.Store.Engine;

/// <summary>Memory the engine may use to serve hot objects without touching SQLite or the data files.</summary>
public sealed record StorageEngineOptions
{
    /// <summary>Bytes of small objects' content kept in memory (0 turns the content cache off).</summary>
    public long ContentCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Objects up to this size are eligible for the content cache.</summary>
    public int ContentCacheMaxObjectBytes { get; init; } = 64 * 1024;

    /// <summary>Objects (not parts) up to this size are stored inside the metadata database rather than as files
    /// (<c>InlineBlobs</c>); 0 turns it off. At most <see cref="ContentCacheMaxObjectBytes"/>, so that every inline object
    /// can be served from the content cache.</summary>
    public int InlineMaxObjectBytes { get; init; } = 64 * 1024;

    /// <summary>Object rows kept in memory for GET/HEAD (0 turns the metadata cache off).</summary>
    public int MetadataCacheEntries { get; init; } = 100_000;

    /// <summary>The clock of modification times, retention dates and lifecycle rules (tests drive their own).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The master key that wraps SSE-S3 data keys (the platform's); null: a key file beside meta.db.</summary>
    public Transporter.Core.Security.SecretProtector? MasterKey { get; init; }
}
