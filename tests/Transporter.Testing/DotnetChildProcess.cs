using System.Diagnostics;
using System.Text;

namespace Transporter.Testing;

/// <summary>
/// One of the project's executables run with `dotnet` as a child process, with the given environment: its output
/// collected over all its starts, its /health polled, SIGKILL or a restart. <see cref="PlatformProcess"/> and
/// <see cref="WorkerProcess"/> add what each executable is configured with.
/// </summary>
/// <param name="name">What the process is, in failure messages ("platform exited with 1: ...").</param>
internal sealed class DotnetChildProcess(string name, string dll, IReadOnlyDictionary<string, string> env, string workingDirectory) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Everything the process printed so far (stdout and stderr), over all its starts.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The running process's id, or 0 when it is not running.</summary>
    public int Pid => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Starts the process and waits until every one of <paramref name="healthUrls"/> answers GET /health.</summary>
    public async Task StartAsync(IEnumerable<string> healthUrls)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first", dll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info)!;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyWithin;
        foreach (var url in healthUrls)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    // Waits for the end of its output too, which the events may not have delivered yet.
                    await process.WaitForExitAsync();
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{Output}");
                }
                try
                {
                    using var response = await http.GetAsync(url + "/health");
                    if (response.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url}/health not ready in {ReadyWithin.TotalSeconds:0} s:\n{Output}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
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
    }
}
