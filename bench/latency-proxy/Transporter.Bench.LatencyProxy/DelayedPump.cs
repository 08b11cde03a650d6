using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Transporter.Bench.LatencyProxy;

/// <summary>
/// Moves one direction of a connection, delivering every chunk a fixed delay after it arrived. Chunks queue while they
/// wait, so the delay adds latency without limiting bandwidth (as a long link does, not a slow one).
/// </summary>
internal static class DelayedPump
{
    private const int ChunkBytes = 64 * 1024;

    public static async Task RunAsync(Socket from, Socket to, TimeSpan delay, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Buffer, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = DeliverAsync(queue.Reader, to, ct);
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                var read = await from.ReceiveAsync(buffer.AsMemory(0, ChunkBytes), SocketFlags.None, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                queue.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), buffer, read));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away: deliver what arrived before, then close.
        }
        queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
    }

    private static async Task DeliverAsync(ChannelReader<(long Due, byte[] Buffer, int Length)> queue, Socket to, CancellationToken ct)
    {
        try
        {
            await foreach (var (due, buffer, length) in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
                await to.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, ct).ConfigureAwait(false);
                ArrayPool<byte>.Shared.Return(buffer);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side closed; the connection ends.
        }
    }
}
