using System.IO.Pipelines;

namespace Transporter.Store.Protocol.Metering;

/// <summary>The response pipe writer of <see cref="CountingResponseBody"/>: bytes advanced or written go to the server's
/// writer and are counted.</summary>
internal sealed class CountingPipeWriter(PipeWriter inner, CountingResponseBody counter) : PipeWriter
{
    public override void Advance(int bytes)
    {
        inner.Advance(bytes);
        counter.Add(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var result = await inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        counter.Add(source.Length);
        return result;
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
