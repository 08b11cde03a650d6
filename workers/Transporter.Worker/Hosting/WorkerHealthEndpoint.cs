using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transporter.Worker.Hosting;

/// <summary>
/// GET /health of the worker executable on TRANSPORTER_WORKER_HEALTH_URL (e.g. http://0.0.0.0:8081; off when unset),
/// for container probes: 200 {"status":"ok"} once the host has started (schema ready, bus started), 503 while it
/// starts or stops. It says the process works, not that the database or the broker answers: a worker rides out their
/// outages by itself, and restarting it would not bring them back.
/// </summary>
/// <remarks>A few lines of HTTP/1.1 over a <see cref="TcpListener"/> (one request per connection), so the worker needs
/// no ASP.NET Core; the managed HttpListener can fail to start when a probe connects while it binds.</remarks>
public sealed class WorkerHealthEndpoint(Uri url, IHostApplicationLifetime lifetime, ILogger<WorkerHealthEndpoint> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The address a listen URL binds: every interface for 0.0.0.0, [::] or *, else the host's address.</summary>
    public static IPAddress Address(Uri url) => url.Host switch
    {
        "0.0.0.0" or "*" or "+" => IPAddress.Any,
        "[::]" or "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        var host => IPAddress.Parse(host.Trim('[', ']')),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new TcpListener(Address(url), url.Port);
        listener.Start();
        logger.LogInformation("Worker health endpoint listening on {Url}", new Uri(url, "/health"));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                _ = AnswerAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stoppingToken)
    {
        using var connection = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            var stream = connection.GetStream();
            var head = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
            var requestLine = head.Split("\r\n", 2)[0].Split(' ');
            var (status, body) = requestLine is [var method, var target, ..] && target.Split('?')[0] == "/health" && method is "GET" or "HEAD"
                ? Health()
                : ("404 Not Found", """{"status":"not found"}""");
            var content = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token).ConfigureAwait(false);
            if (requestLine[0] != "HEAD") await stream.WriteAsync(content, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The prober went away or took too long; nothing to answer.
        }
    }

    private (string Status, string Body) Health() =>
        lifetime.ApplicationStopping.IsCancellationRequested ? ("503 Service Unavailable", """{"status":"stopping"}""")
        : lifetime.ApplicationStarted.IsCancellationRequested ? ("200 OK", """{"status":"ok"}""")
        : ("503 Service Unavailable", """{"status":"starting"}""");

    /// <summary>The request line and headers (up to the blank line, at most 8 KiB); the body of a probe is ignored.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0) break;
        }
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
