using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>How an object of <see cref="Size"/> bytes is cut into parts: the preferred size, raised to the
/// destination's minimum part size and so that the parts fit its part count limit.</summary>
internal readonly record struct PartLayout(long Size, long PartSize, int Count)
{
    public static PartLayout For(long size, long preferredPartSize, ObjectStoreCapabilities destination)
    {
        var partSize = Math.Max(Math.Max(preferredPartSize, destination.MinPartSize), 1);
        var maxParts = Math.Max(destination.MaxParts, 1);
        partSize = Math.Max(partSize, (size + maxParts - 1) / maxParts);
        var count = (int)Math.Max(1, (size + partSize - 1) / partSize);
        return new PartLayout(size, partSize, count);
    }

    /// <summary>The bytes of part <paramref name="index"/> (from 0; the part number is index + 1).</summary>
    public ByteRange Range(int index)
    {
        var first = index * PartSize;
        return ByteRange.OfLength(first, Math.Min(PartSize, Size - first));
    }
}
