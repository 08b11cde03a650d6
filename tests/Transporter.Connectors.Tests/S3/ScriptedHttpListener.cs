using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// A loopback TCP listener that answers each HTTP request with the next scripted response (the last one repeats),
/// or drops connections outright. For failure modes no real server produces on demand: throttling, 5xx, resets,
/// and Google's response headers.
/// </summary>
public sealed class ScriptedHttpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, string?> _respond;
    private readonly int _bodyBytesFirst;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;
    private readonly List<string> _heads = [];

    /// <param name="respond">The raw response (status line, headers, blank line, body) for the n-th request
    /// (from 0); null closes the connection without answering.</param>
    /// <param name="bodyBytesFirst">Bytes of the request body to read before answering (after a 100 Continue).</param>
    public ScriptedHttpListener(Func<int, string?> respond, int bodyBytesFirst = 0)
    {
        _respond = respond;
        _bodyBytesFirst = bodyBytesFirst;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The request line and headers of every request received, in arrival order.</summary>
    public IReadOnlyList<string> RequestHeads
    {
        get { lock (_heads) return [.. _heads]; }
    }

    /// <summary>"HTTP/1.1 {status}" with an S3 error document.</summary>
    public static string S3Error(int status, string reason, string code, string message)
    {
        var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>r1</RequestId></Error>";
        return Response(status, reason, body, "Content-Type: application/xml");
    }

    public static string Response(int status, string reason, string body, params string[] headers)
    {
        var builder = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        foreach (var header in headers) builder.Append(header).Append("\r\n");
        builder.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n").Append(body);
        return builder.ToString();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(connection));
        }
    }

    private async Task AnswerAsync(TcpClient connection)
    {
        using (connection)
        {
            var stream = connection.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null) return;
            lock (_heads) _heads.Add(head);
            // Body bytes that arrived with the head (a client not waiting for 100-continue sends them at once) count.
            var bodyRead = Encoding.ASCII.GetByteCount(head) - (head.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
            if (_bodyBytesFirst > 0 && !await ReadBodyAsync(stream, head, bodyRead)) return;
            var response = _respond(Interlocked.Increment(ref _requests) - 1);
            if (response is null)
            {
                connection.Client.LingerState = new LingerOption(true, 0); // RST, as a crashed server
                return;
            }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response));
            await stream.FlushAsync();
        }
    }

    private async Task<bool> ReadBodyAsync(NetworkStream stream, string head, int alreadyRead)
    {
        if (head.Contains("Expect: 100-continue", StringComparison.OrdinalIgnoreCase))
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
        var buffer = new byte[4096];
        for (var read = alreadyRead; read < _bodyBytesFirst;)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, _bodyBytesFirst - read)));
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer);
            }
            catch (IOException)
            {
                return null;
            }
            if (n == 0) return null;
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return received.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
