namespace Transporter.Core.Storage;

/// <summary>An upload in progress whose parts (numbered from 1) may be sent concurrently.</summary>
public interface IMultipartUpload : IAsyncDisposable
{
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
