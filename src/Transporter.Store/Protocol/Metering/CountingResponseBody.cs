using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Transporter.Store.Protocol.Metering;

/// <summary>
/// The server's response body feature with counting in front of its stream and its pipe writer (for /metrics' bytes
/// sent per operation). Everything else (start, buffering, completion) goes to the server's own feature, so the
/// response is sent exactly as without it: a handler that writes nothing still gets Content-Length: 0, not chunking.
/// </summary>
internal sealed class CountingResponseBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private Stream? _stream;
    private PipeWriter? _writer;

    /// <summary>Bytes written so far (headers not included).</summary>
    public long Count { get; private set; }

    public Stream Stream => _stream ??= new CountingResponseStream(inner.Stream, this);

    public PipeWriter Writer => _writer ??= new CountingPipeWriter(inner.Writer, this);

    internal void Add(long bytes) => Count += bytes;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        Add(count ?? new FileInfo(path).Length - offset);
        return inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => inner.CompleteAsync();
}
