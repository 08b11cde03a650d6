using System.IO.Pipelines;

namespace Transporter.Store.Protocol.Connections;

/// <summary>The connection's input as Kestrel sees it; shows each buffer read between requests to
/// <see cref="ConnectionRequestState.ObserveInput"/> so a refusal can be named after the request it refuses.</summary>
internal sealed class HeadObservingReader(PipeReader inner, ConnectionRequestState state) : PipeReader
{
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        state.ObserveInput(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result)) return false;
        state.ObserveInput(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
