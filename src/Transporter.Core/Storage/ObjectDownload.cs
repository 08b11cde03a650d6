namespace Transporter.Core.Storage;

/// <summary>An open object: its metadata and a stream of its bytes (or of the requested range). Dispose it.</summary>
public sealed class ObjectDownload(ObjectMetadata metadata, Stream content, long contentLength) : IAsyncDisposable
{
    public ObjectMetadata Metadata { get; } = metadata;

    public Stream Content { get; } = content;

    /// <summary>Bytes in <see cref="Content"/>: the range's length for a ranged read.</summary>
    public long ContentLength { get; } = contentLength;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
