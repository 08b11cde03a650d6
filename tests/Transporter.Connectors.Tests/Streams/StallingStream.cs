using Transporter.Core.IO;

namespace Transporter.Connectors.Tests.Streams;

/// <summary>
/// Hands out <c>head</c> bytes, then waits for more forever, as a source held back by a bandwidth limit does: only the
/// cancellation token given to the read ends the wait. <see cref="Stalled"/> completes when a read starts waiting.
/// </summary>
public sealed class StallingStream(int head) : ReadOnlyStream
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _given;

    public Task Stalled => _stalled.Task;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_given < head)
        {
            var n = Math.Min(buffer.Length, head - _given);
            buffer.Span[..n].Fill((byte)'x');
            _given += n;
            return n;
        }
        _stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
        return 0;
    }
}
