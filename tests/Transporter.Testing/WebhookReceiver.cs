using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Transporter.Testing;

/// <summary>
/// A webhook receiver for tests: an HTTP listener on a free loopback port that checks each delivery's signature with
/// its own HMAC-SHA256 (not the platform's code), answers 500 to the first <see cref="FailFirst"/> requests and 200
/// afterwards, and records every request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private readonly Task _loop;
    private int _requests;

    private WebhookReceiver(string secret, int failFirst)
    {
        _secret = secret;
        FailFirst = failFirst;
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/hooks/transporter";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public static WebhookReceiver Start(string secret, int failFirst = 0) => new(secret, failFirst);

    public string Url { get; }

    public int FailFirst { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Waits until <paramref name="done"/> holds for the requests received so far.</summary>
    public async Task<IReadOnlyList<Received>> WaitAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = Requests.ToList();
            if (done(seen)) return seen;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"webhook receiver: expected deliveries did not arrive in {timeout}; got {string.Join(", ", seen.Select(r => $"{r.Event}/{r.Status}"))}");
            await Task.Delay(100);
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = context.Request.Headers["X-Transporter-Timestamp"] ?? "";
            var signature = context.Request.Headers["X-Transporter-Signature"] ?? "";
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected));
            var status = Interlocked.Increment(ref _requests) <= FailFirst ? 500 : valid ? 200 : 401;
            Requests.Enqueue(new Received(DateTimeOffset.UtcNow, context.Request.Headers["X-Transporter-Event"] ?? "",
                context.Request.Headers["X-Transporter-Delivery"] ?? "", timestamp, valid, body, status, context.Request.ContentType ?? ""));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <param name="SignatureValid">The X-Transporter-Signature header is the HMAC-SHA256 of "timestamp.body" under the secret.</param>
    /// <param name="Status">What the receiver answered.</param>
    public sealed record Received(DateTimeOffset At, string Event, string Delivery, string Timestamp, bool SignatureValid, string Body, int Status,
        string ContentType);
}
