using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Transporter.Testing;

/// <summary>
/// A real Azurite blob service (npm azurite, installed into .tools by scripts/install-test-deps.sh) on a free
/// loopback port with its own data directory. Azurite ignores SIGTERM, so disposing kills it with SIGKILL.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account and key.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly string _location;

    private Azurite(Process process, int port, string location)
    {
        _process = process;
        Port = port;
        _location = location;
    }

    public int Port { get; }

    /// <summary>The account URL, path-style: http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}/{AccountName}";

    /// <summary>Everything Azurite printed so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(RepoPaths.NodeBin, "azurite-blob");
        if (!File.Exists(executable))
            throw new FileNotFoundException("Azurite is not installed; run scripts/install-test-deps.sh", executable);
        var port = FreePort.Next();
        var location = RepoPaths.NewTempDir("azurite");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", location, "--skipApiVersionCheck", "--loose" })
            info.ArgumentList.Add(arg);
        var azurite = new Azurite(Process.Start(info)!, port, location);
        azurite._process.OutputDataReceived += (_, e) => azurite.Append(e.Data);
        azurite._process.ErrorDataReceived += (_, e) => azurite.Append(e.Data);
        azurite._process.BeginOutputReadLine();
        azurite._process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
        return azurite;
    }

    private async Task WaitUntilListeningAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"azurite-blob exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"azurite-blob did not listen on {Port} in {limit}:\n{Output}");
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // SIGKILL
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
