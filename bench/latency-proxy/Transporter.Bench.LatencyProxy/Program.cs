using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Transporter.Bench.LatencyProxy;

// Usage: Transporter.Bench.LatencyProxy <listen port> <upstream host:port> <round-trip delay ms>
// Every byte in either direction arrives half the round-trip delay after it was sent, so a request and its answer
// take one round trip more than without the proxy (a new connection's handshake with the upstream is not delayed).
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: <listen port> <upstream host:port> <round-trip delay ms>");
    return 2;
}
var listenPort = int.Parse(args[0], CultureInfo.InvariantCulture);
var upstream = IPEndPoint.Parse(args[1]);
var oneWay = TimeSpan.FromMilliseconds(double.Parse(args[2], CultureInfo.InvariantCulture) / 2);

using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
listener.Listen(1024);
Console.WriteLine($"latency proxy 127.0.0.1:{listenPort} -> {upstream}, {oneWay.TotalMilliseconds * 2} ms round trip");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    while (!stop.IsCancellationRequested)
    {
        var client = await listener.AcceptAsync(stop.Token);
        _ = Task.Run(() => ServeAsync(client, upstream, oneWay, stop.Token));
    }
}
catch (OperationCanceledException)
{
}
return 0;

static async Task ServeAsync(Socket client, IPEndPoint upstream, TimeSpan oneWay, CancellationToken ct)
{
    using (client)
    using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
    {
        try
        {
            client.NoDelay = server.NoDelay = true;
            await server.ConnectAsync(upstream, ct);
            await Task.WhenAll(DelayedPump.RunAsync(client, server, oneWay, ct), DelayedPump.RunAsync(server, client, oneWay, ct));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The upstream refused or the proxy stops: the client sees its connection close.
        }
    }
}
