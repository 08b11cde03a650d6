using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Streams a request body into a temporary file: large buffers, MD5 (and the requested checksum) computed as the bytes
/// pass, the disk write of one buffer overlapping the network read of the next, one fsync at the end. A body that
/// arrives whole in the first buffer and is no larger than the inline limit is kept in memory instead, for the caller
/// to store in the metadata database (<see cref="InlineBlobs"/>): no file is created for it.
/// </summary>
internal static class BlobWriter
{
    private const int LargeBuffer = 1 << 20;
    private const long PreallocateFrom = 1 << 20;
    private const long EarlyWritebackFrom = 4 << 20;

    /// <param name="expectedLength">The declared length; IncompleteBody when the body ends early.</param>
    /// <param name="maxLength">EntityTooLarge beyond it.</param>
    /// <param name="encrypt">Encrypts each buffer in place (after it was hashed) at its offset in the file; null for plain data.</param>
    /// <param name="inlineMaxLength">Bodies of 1 to this many bytes are kept in memory (<see cref="StagedBlob.Inline"/>); 0: never.</param>
    public static async Task<StagedBlob> WriteAsync(
        BlobDirectory directory, Stream source, long? expectedLength, ChecksumAlgorithm? algorithm, long maxLength, CancellationToken ct,
        Encryption.AesCtr? encrypt = null, int inlineMaxLength = 0)
    {
        if (expectedLength > maxLength) throw new StoreException(StoreErrorCode.EntityTooLarge);
        var id = BlobDirectory.NewId();
        var tempPath = directory.TempPathOf(id);
        var bufferSize = expectedLength is { } n && n < LargeBuffer ? (int)Math.Max(n + 1, 4096) : LargeBuffer;
        var current = BlobBuffers.Pool.Rent(bufferSize);
        var spare = BlobBuffers.Pool.Rent(bufferSize);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = algorithm is { } a ? new ChecksumCalculator(a) : null;
        SafeFileHandle? handle = null;
        Task pendingWrite = Task.CompletedTask;
        long total = 0;
        var previous = 0;
        var created = false;
        byte[]? inline = null;
        try
        {
            while (true)
            {
                var filled = await FillAsync(source, current.AsMemory(0, bufferSize), ct).ConfigureAwait(false);
                if (filled == 0) break;
                total += filled;
                if (total > maxLength) throw new StoreException(StoreErrorCode.EntityTooLarge);
                md5.AppendData(current, 0, filled);
                checksum?.Append(current.AsSpan(0, filled));
                encrypt?.Apply(current.AsSpan(0, filled), total - filled);
                if (handle is null && filled < bufferSize && total <= inlineMaxLength)
                {
                    // The whole body, and small: no file.
                    inline = current.AsSpan(0, filled).ToArray();
                    break;
                }
                await pendingWrite.ConfigureAwait(false);
                if (handle is not null && total - filled >= EarlyWritebackFrom)
                    EarlyWriteback.Start(handle, total - filled - previous, previous);
                if (handle is null)
                {
                    var preallocate = expectedLength >= PreallocateFrom ? expectedLength.Value : 0;
                    handle = File.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocate);
                    created = true;
                }
                pendingWrite = RandomAccess.WriteAsync(handle, current.AsMemory(0, filled), total - filled, ct).AsTask();
                previous = filled;
                (current, spare) = (spare, current);
                if (filled < bufferSize) break;
            }
            await pendingWrite.ConfigureAwait(false);
            if (expectedLength is { } expected && total != expected)
                throw new StoreException(StoreErrorCode.IncompleteBody,
                    "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            if (handle is not null)
            {
                using var flush = new FileStream(handle, FileAccess.Write, bufferSize: 0);
                flush.Flush(flushToDisk: true);
                handle = null; // closed with the FileStream
            }
            var digest = md5.GetHashAndReset();
            if (inline is not null) return StagedBlob.InMemory(inline, digest, checksum?.Finish(), algorithm);
            return new StagedBlob(directory, id, created ? tempPath : null, total, digest, checksum?.Finish(), algorithm);
        }
        catch
        {
            try { await pendingWrite.ConfigureAwait(false); } catch (Exception) { /* the first error is reported */ }
            handle?.Dispose();
            handle = null;
            if (created) TryDelete(tempPath);
            throw;
        }
        finally
        {
            handle?.Dispose();
            BlobBuffers.Pool.Return(current);
            BlobBuffers.Pool.Return(spare);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the source ends; returns the bytes read.</summary>
    private static async ValueTask<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[filled..], ct).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
