using System.Diagnostics;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Services;

/// <summary>
/// scripts/test-services.sh run the way test.sh runs it: a bash that sources it, calls start_test_services, reports
/// the variables it exported, and calls stop_test_services when the session ends. The script stops a server only when
/// the last of its users leaves, so this session works inside a test.sh run as well as on its own.
/// </summary>
public sealed class TestServicesSession : IAsyncLifetime
{
    private const string Script = """
        source scripts/test-services.sh
        start_test_services
        echo "POSTGRES=${TRANSPORTER_TEST_POSTGRES:-}"
        echo "RABBITMQ=${TRANSPORTER_TEST_RABBITMQ:-}"
        echo "READY"
        read -r _
        stop_test_services
        echo "STOPPED"
        """;

    private readonly List<string> _output = [];
    private Process? _bash;

    /// <summary>TRANSPORTER_TEST_POSTGRES as the script exported it (empty when it could not start PostgreSQL).</summary>
    public string Postgres { get; private set; } = "";

    public string Rabbitmq { get; private set; } = "";

    /// <summary>What the script printed for start_test_services.</summary>
    public IReadOnlyList<string> StartOutput { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("bash", ["-c", Script])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _bash = Process.Start(info)!;
        _bash.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add("stderr: " + e.Data); };
        _bash.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await _bash.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "READY")
        {
            if (line.StartsWith("POSTGRES=", StringComparison.Ordinal)) Postgres = line["POSTGRES=".Length..];
            else if (line.StartsWith("RABBITMQ=", StringComparison.Ordinal)) Rabbitmq = line["RABBITMQ=".Length..];
            else lock (_output) _output.Add(line);
        }
        lock (_output) StartOutput = [.. _output];
    }

    public async Task DisposeAsync()
    {
        if (_bash is null) return;
        await _bash.StandardInput.WriteLineAsync();
        _bash.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await _bash.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { _bash.Kill(entireProcessTree: true); }
        _bash.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TestServicesCollection : ICollectionFixture<TestServicesSession>
{
    public const string Name = "test services";
}
