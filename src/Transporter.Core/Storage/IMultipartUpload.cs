namespace Transporter.Core.Storage;

/// <summary>
/// An upload in progress whose parts (numbered from 1) may be sent concurrently. Disposing it does not end it: its owner
/// completes or aborts it, or leaves it for another process to resume from its <see cref="UploadId"/>
/// (<see cref="IObjectStore.ResumeMultipartAsync"/>).
/// </summary>
public interface IMultipartUpload : IAsyncDisposable
{
    /// <summary>What names this upload at the destination (an S3 upload id, the block id prefix of an Azure upload).</summary>
    string UploadId { get; }

    /// <summary>The parts the destination holds for this upload, by number: their size and the ETag it reports (the part's
    /// MD5 in hex on S3; empty where the destination reports none, as Azure for uncommitted blocks). Throws
    /// <see cref="ObjectStoreErrorKind.NotFound"/> when the upload is gone (completed, aborted, expired).</summary>
    Task<IReadOnlyList<UploadedPart>> ListPartsAsync(CancellationToken ct);

    /// <summary>Sends part <paramref name="partNumber"/> of exactly <paramref name="length"/> bytes.</summary>
    Task<UploadedPart> UploadPartAsync(int partNumber, Stream content, long length, CancellationToken ct);

    /// <summary>Assembles the parts (in ascending order) into the object.</summary>
    Task<ObjectWriteResult> CompleteAsync(IReadOnlyList<UploadedPart> parts, CancellationToken ct);

    /// <summary>Discards the parts sent so far. Never throws for an already finished upload.</summary>
    Task AbortAsync(CancellationToken ct);
}

/// <param name="ETag">The part's ETag without quotes (its MD5 in hex on S3).</param>
/// <param name="ContentMd5">Base64 MD5 of the part's bytes, computed while sending.</param>
public sealed record UploadedPart(int PartNumber, string ETag, long Size, string? ContentMd5 = null);
