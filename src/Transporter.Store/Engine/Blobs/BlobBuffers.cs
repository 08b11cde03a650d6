using System.Buffers;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// The buffers data files are written and read through (1 MiB for uploads, up to 256 KiB for downloads). A pool of the
/// store's own, keeping at most <see cref="RetainedPerSize"/> free buffers of each size: the shared pool keeps up to 32
/// per core of each size for the life of the process, which after a burst of concurrent uploads held about 70 MB of
/// idle buffers in the embedded platform (bench/soak). Beyond the retained ones, buffers are allocated and collected.
/// </summary>
internal static class BlobBuffers
{
    public const int RetainedPerSize = 16;

    public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 1 << 20, maxArraysPerBucket: RetainedPerSize);
}
