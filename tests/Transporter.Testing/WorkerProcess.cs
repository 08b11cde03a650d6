using System.Diagnostics;
using System.Text;

namespace Transporter.Testing;

/// <summary>
/// The worker executable (workers/Transporter.Worker) started as a real process, as an operator starts one replica of
/// the distributed mode: its own data dir, the given TRANSPORTER_* settings (database, broker, master key), and its
/// GET /health on a free loopback port, which <see cref="StartAsync"/> waits for. Kill it with SIGKILL or start it
/// again.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _env;
    private Process? _process;

    private WorkerProcess(Dictionary<string, string> env, string dataDir, string healthUrl)
    {
        _env = env;
        DataDir = dataDir;
        HealthUrl = healthUrl;
    }

    public string DataDir { get; }

    /// <summary>Base URL of its health endpoint (TRANSPORTER_WORKER_HEALTH_URL).</summary>
    public string HealthUrl { get; }

    /// <summary>The running process's id (in its lister and batch lease names), or 0 when it is not running.</summary>
    public int Pid => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Everything the process printed so far (stdout and stderr), over all its starts.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

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
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public Task RestartAsync() => StartProcessAsync();

    private async Task StartProcessAsync()
    {
        if (!File.Exists(RepoPaths.WorkerDll)) throw new FileNotFoundException("Build the solution first", RepoPaths.WorkerDll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDir,
        };
        info.ArgumentList.Add(RepoPaths.WorkerDll);
        foreach (var (k, v) in _env) info.Environment[k] = v;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"worker exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(HealthUrl + "/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{HealthUrl}/health not ready in 60 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null && !_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
