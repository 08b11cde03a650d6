using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Transporter.Testing;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ node of this test run alone (Debian's rabbitmq-server under its own node name, AMQP and distribution
/// ports, data dir, and no plugins), so a test can stop it for half a minute without breaking other test runs that
/// share the machine's broker. Stopping is <c>rabbitmqctl stop_app</c>: the node closes every connection and refuses
/// new ones until <c>start_app</c>; durable queues and persistent messages survive.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private readonly string _dir;
    private readonly bool _startedEpmd;

    private PrivateRabbitMq(string dir, string node, int port, bool startedEpmd)
    {
        _dir = dir;
        Node = node;
        Port = port;
        _startedEpmd = startedEpmd;
    }

    public string Node { get; }
    public int Port { get; }

    public static async Task<PrivateRabbitMq> CreateAsync()
    {
        if (!File.Exists("/usr/sbin/rabbitmq-server")) throw new InvalidOperationException("rabbitmq-server is not installed");
        var dir = RepoPaths.NewTempDir("rabbitmq");
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[].");
        await ServiceAccount.GiveAsync(dir, "rabbitmq");
        var host = (await CommandLine.RunAsync("hostname", ["-s"])).EnsureSuccess().StdOut.Trim();
        var startedEpmd = !await EpmdRunningAsync();
        var broker = new PrivateRabbitMq(dir, $"transporter-test-{Guid.NewGuid().ToString("N")[..8]}@{host}", FreePort.Next(), startedEpmd);
        var env = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = broker.Node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = broker.Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
        };
        (await CommandLine.RunAsync("rabbitmq-server", ["-detached"], env)).EnsureSuccess();
        // The AMQP port opens some seconds after -detached returns; await_startup fails until the node is reachable.
        var deadline = Stopwatch.StartNew();
        while (!await broker.PortOpenAsync())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"RabbitMQ node {broker.Node} did not open port {broker.Port}");
            await Task.Delay(200);
        }
        (await broker.CtlAsync("await_startup")).EnsureSuccess();
        return broker;
    }

    /// <summary>The broker URL of <paramref name="vhost"/> for TRANSPORTER_BROKER_URL.</summary>
    public string AmqpUrl(string vhost) => $"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(vhost)}";

    public async Task AddVhostAsync(string vhost)
    {
        (await CtlAsync("add_vhost", vhost)).EnsureSuccess();
        (await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")).EnsureSuccess();
    }

    /// <summary>The queues of <paramref name="vhost"/>: name → (ready messages, consumers).</summary>
    public async Task<Dictionary<string, (long Messages, long Consumers)>> QueuesAsync(string vhost)
    {
        var json = (await CtlAsync("list_queues", "-p", vhost, "name", "messages_ready", "consumers", "--formatter", "json")).EnsureSuccess().StdOut;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => (q.GetProperty("messages_ready").GetInt64(), q.GetProperty("consumers").GetInt64()));
    }

    /// <summary>The consumers of <paramref name="vhost"/>: queue and prefetch count of each.</summary>
    public async Task<List<(string Queue, long Prefetch)>> ConsumersAsync(string vhost)
    {
        var json = (await CtlAsync("list_consumers", "-p", vhost, "queue_name", "prefetch_count", "--formatter", "json")).EnsureSuccess().StdOut;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("queue_name").GetString()!, c.GetProperty("prefetch_count").GetInt64())).ToList();
    }

    public async Task StopAppAsync() => (await CtlAsync("stop_app")).EnsureSuccess();

    /// <summary>Starts the broker application again and waits until it accepts connections.</summary>
    public async Task StartAppAsync()
    {
        (await CtlAsync("start_app")).EnsureSuccess();
        (await CtlAsync("await_startup")).EnsureSuccess();
    }

    private Task<CommandResult> CtlAsync(params string[] args) =>
        CommandLine.RunAsync("rabbitmqctl", ["-q", "-n", Node, .. args], timeout: TimeSpan.FromMinutes(2));

    private async Task<bool> PortOpenAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> EpmdRunningAsync() => (await CommandLine.RunAsync("pidof", ["epmd"])).ExitCode == 0;

    public async ValueTask DisposeAsync()
    {
        await CtlAsync("stop");
        // epmd outlives the nodes; stop it only when this run started it and no other node is registered with it.
        if (_startedEpmd && await EpmdRunningAsync())
        {
            var names = await CommandLine.RunAsync("epmd", ["-names"]);
            if (names.ExitCode == 0 && !names.StdOut.Contains("name ", StringComparison.Ordinal))
                foreach (var pid in (await CommandLine.RunAsync("pidof", ["epmd"])).StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    await CommandLine.RunAsync("kill", [pid]);
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
