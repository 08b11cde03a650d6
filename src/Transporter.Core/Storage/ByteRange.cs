namespace Transporter.Core.Storage;

/// <summary>An inclusive byte range [<see cref="First"/>, <see cref="Last"/>] of an object.</summary>
public readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;

    public static ByteRange OfLength(long first, long length) => new(first, first + length - 1);

    /// <summary>The HTTP Range header value.</summary>
    public override string ToString() => $"bytes={First}-{Last}";
}
