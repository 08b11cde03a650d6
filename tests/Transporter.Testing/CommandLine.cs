using System.Diagnostics;
using System.Text;

namespace Transporter.Testing;

/// <summary>The outcome of one command run to its end.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr)
{
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0) throw new InvalidOperationException($"exit code {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}");
        return this;
    }
}

/// <summary>Runs peer programs (aws, rclone, s3cmd, python3 with boto3, curl) and captures their output.</summary>
public static class CommandLine
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> args, IDictionary<string, string>? env = null,
        string? workingDirectory = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + fileName);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in {timeout}");
        }
        process.WaitForExit(); // flushes the async output readers
        lock (stdout) lock (stderr) return new CommandResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
