namespace Transporter.Core.Storage;

/// <summary>
/// One object written through a session that keeps what it received (a GCS resumable upload): its bytes go in one
/// sequential stream, and a write cut short (a failure, a process that died) is continued from the bytes the destination
/// holds, by this process or another one that reopens the session from its <see cref="UploadId"/>
/// (<see cref="IObjectStore.ResumeWriteSessionAsync"/>). Its owner finishes it (<see cref="WriteAsync"/> to the last byte)
/// or aborts it; a session left alone expires at the destination.
/// </summary>
public interface IWriteSession
{
    /// <summary>What names the session at the destination (the session URI on GCS). It lets whoever holds it write this one
    /// object: keep it out of logs.</summary>
    string UploadId { get; }

    /// <summary>How many bytes of the object, from the first, the destination holds: where a continuation starts. Throws
    /// <see cref="ObjectStoreErrorKind.NotFound"/> when the session can take no more bytes (expired, aborted, or already
    /// finished its object).</summary>
    Task<long> HeldBytesAsync(CancellationToken ct);

    /// <summary>Sends the object's bytes from <paramref name="offset"/> (what <see cref="HeldBytesAsync"/> said, or 0 for a
    /// new session) to its end, read from <paramref name="content"/> (exactly that many bytes, not necessarily seekable),
    /// and finishes the object.</summary>
    Task<ObjectWriteResult> WriteAsync(long offset, Stream content, CancellationToken ct);

    /// <summary>Discards what the session holds. Never throws for a session that is already gone.</summary>
    Task AbortAsync(CancellationToken ct);
}
