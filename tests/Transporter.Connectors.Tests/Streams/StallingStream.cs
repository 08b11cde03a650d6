using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>
/// Hands out <c>head</c> bytes (of <c>content</c>, else 'x'), then waits for more forever, as a source held back by a
/// bandwidth limit, or a worker that stopped sending, does: only the cancellation token given to the read ends the wait.
/// <see cref="Stalled"/> completes when a read starts waiting.
/// </summary>
public sealed class StallingStream(long head, Stream? content = null) : ReadOnlyStream
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _given;

    public Task Stalled => _stalled.Task;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_given < head)
        {
            var n = (int)Math.Min(buffer.Length, head - _given);
            if (content is null) buffer.Span[..n].Fill((byte)'x');
            else n = await content.ReadAsync(buffer[..n], ct);
            _given += n;
            return n;
        }
        _stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
        return 0;
    }
}
