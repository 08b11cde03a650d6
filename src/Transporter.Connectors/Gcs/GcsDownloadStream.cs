using System.IO.Pipelines;
using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// A GCS download as a stream to read from. The SDK writes a download into a stream (in chunks, each retried and
/// resumed by its media downloader); a pipe turns that push into a pull, holding at most
/// <see cref="PauseAt"/> bytes ahead of the reader. A failure of the download reaches the reader as an
/// <see cref="ObjectStoreException"/>; disposing the stream stops the download.
/// </summary>
internal sealed class GcsDownloadStream : ReadOnlyStream
{
    private const long PauseAt = 4 * 1024 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2));
    private readonly CancellationTokenSource _stop = new();
    private readonly Stream _reader;
    private readonly Task _download;
    private int _stopped;

    public GcsDownloadStream(Func<Stream, CancellationToken, Task> download)
    {
        _reader = _pipe.Reader.AsStream();
        _download = RunAsync(download);
    }

    private async Task RunAsync(Func<Stream, CancellationToken, Task> download)
    {
        await Task.Yield();
        try
        {
            await using (var writer = _pipe.Writer.AsStream(leaveOpen: true))
                await download(writer, _stop.Token);
            await _pipe.Writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await _pipe.Writer.CompleteAsync(_stop.IsCancellationRequested ? e : GcsErrorMapping.ToObjectStoreException(e));
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _reader.ReadAsync(buffer, ct);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _reader.ReadAsync(buffer, offset, count, ct);

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    protected override void Dispose(bool disposing)
    {
        if (disposing) StopAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        // Stream's DisposeAsync runs Dispose(true) (StopAsync is then a no-op) and suppresses finalization.
        await base.DisposeAsync();
    }

    private async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stop.CancelAsync();
        await _pipe.Reader.CompleteAsync();
        // RunAsync never throws: it completes the pipe with its failure, which nobody reads once the reader has gone.
        await _download;
        _stop.Dispose();
    }
}
