namespace Transporter.Testing;

/// <summary>
/// The worker executable (workers/Transporter.Worker) started as a real process, as an operator starts one replica of
/// the distributed mode: its own data dir, the given TRANSPORTER_* settings (database, broker, master key), and its
/// GET /health on a free loopback port, which <see cref="StartAsync"/> waits for. Kill it with SIGKILL or start it
/// again.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly DotnetChildProcess _process;

    private WorkerProcess(Dictionary<string, string> env, string dataDir, string healthUrl)
    {
        _process = new DotnetChildProcess("worker", RepoPaths.WorkerDll, env, dataDir);
        DataDir = dataDir;
        HealthUrl = healthUrl;
    }

    public string DataDir { get; }

    /// <summary>Base URL of its health endpoint (TRANSPORTER_WORKER_HEALTH_URL).</summary>
    public string HealthUrl { get; }

    /// <summary>The running process's id (in its lister and batch lease names), or 0 when it is not running.</summary>
    public int Pid => _process.Pid;

    /// <summary>Everything the process printed so far (stdout and stderr), over all its starts.</summary>
    public string Output => _process.Output;

    /// <param name="env">TRANSPORTER_DATABASE_URL, TRANSPORTER_BROKER_URL, TRANSPORTER_MASTER_KEY and any tuning.</param>
    public static async Task<WorkerProcess> StartAsync(IDictionary<string, string> env)
    {
        var dataDir = RepoPaths.NewTempDir("worker");
        var healthUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var all = new Dictionary<string, string>
        {
            ["TRANSPORTER_DATA_DIR"] = dataDir,
            ["TRANSPORTER_WORKER_HEALTH_URL"] = healthUrl,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (k, v) in env) all[k] = v;
        var worker = new WorkerProcess(all, dataDir, healthUrl);
        try
        {
            await worker.StartProcessAsync();
        }
        catch
        {
            await worker.DisposeAsync(); // a worker that never became healthy is not left running
            throw;
        }
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash; its deliveries and leases are left behind.</summary>
    public Task KillAsync() => _process.KillAsync();

    public Task RestartAsync() => StartProcessAsync();

    private Task StartProcessAsync() => _process.StartAsync([HealthUrl]);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
