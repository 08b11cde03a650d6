using System.Net;
using System.Net.Sockets;

namespace Transporter.Testing;

/// <summary>
/// Test double of a faulty network path: a TCP proxy in front of a server that forwards every byte, except that in
/// what the server sends back it replaces each occurrence of one byte sequence with another of the same length (say,
/// one byte of an object's content, or one hex digit of an ETag). So a client sees a server that stored or sent
/// something other than what it says, without any change to client or server. Without a sequence it corrupts nothing
/// and only measures what the clients sent (<see cref="BytesToServer"/>).
/// </summary>
public sealed class CorruptingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly byte[] _find;
    private readonly byte[] _replace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _replacements;
    private long _bytesToServer;

    public CorruptingProxy(Uri target, byte[] find, byte[] replace)
    {
        if (find.Length != replace.Length) throw new ArgumentException("find and replace must be as long");
        (_find, _replace) = (find, replace);
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect instead of the target.</summary>
    public string Url { get; }

    /// <summary>A proxy that forwards every byte unchanged, counting those sent to the server.</summary>
    public static CorruptingProxy Counting(Uri target) => new(target, [], []);

    /// <summary>How many times the sequence was replaced so far.</summary>
    public int Replacements => Volatile.Read(ref _replacements);

    /// <summary>Bytes the clients sent to the server so far (requests with their bodies).</summary>
    public long BytesToServer => Interlocked.Read(ref _bytesToServer);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                var up = CountAsync(client.GetStream(), server.GetStream());
                var down = ReplaceAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception)
            {
                // A dropped connection ends the pair; the client sees it as the network's failure.
            }
        }
    }

    private async Task CountAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            Interlocked.Add(ref _bytesToServer, read);
        }
    }

    /// <summary>Forwards server-to-client bytes, replacing the sequence even when it straddles two reads: a read that
    /// ends with the start of the sequence keeps those bytes back for the next one (and only those, so a response that
    /// ends a read is never held while the server waits for the next request).</summary>
    private async Task ReplaceAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024 + _find.Length];
        var kept = 0;
        while (true)
        {
            var read = await from.ReadAsync(buffer.AsMemory(kept, buffer.Length - kept), _stop.Token);
            if (read == 0)
            {
                if (kept > 0) await to.WriteAsync(buffer.AsMemory(0, kept), _stop.Token);
                return;
            }
            var length = kept + read;
            for (var i = 0; _find.Length > 0 && i + _find.Length <= length; i++)
            {
                if (!buffer.AsSpan(i, _find.Length).SequenceEqual(_find)) continue;
                _replace.CopyTo(buffer, i);
                Interlocked.Increment(ref _replacements);
                i += _find.Length - 1;
            }
            var send = length - PartialMatchAtEnd(buffer.AsSpan(0, length));
            await to.WriteAsync(buffer.AsMemory(0, send), _stop.Token);
            await to.FlushAsync(_stop.Token);
            kept = length - send;
            Array.Copy(buffer, send, buffer, 0, kept);
        }
    }

    /// <summary>The length of the longest end of <paramref name="data"/> that is a proper start of the sequence.</summary>
    private int PartialMatchAtEnd(ReadOnlySpan<byte> data)
    {
        for (var n = Math.Min(_find.Length - 1, data.Length); n > 0; n--)
            if (data[^n..].SequenceEqual(_find.AsSpan(0, n))) return n;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
