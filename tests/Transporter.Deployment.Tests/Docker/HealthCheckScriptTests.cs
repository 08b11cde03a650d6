using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>
/// The images' health checks (deploy/http-health.sh, deploy/worker-alive.sh) run here with bash against the real
/// platform process and real processes, as Docker runs them inside the containers.
/// </summary>
public sealed class HealthCheckScriptTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformProcess Platform => fixture.Platform;

    [Theory]
    [InlineData("api")]
    [InlineData("store")]
    [InlineData("api,store")]
    public async Task HttpHealth_Passes_ForEachRoleThePlatformServes(string roles)
    {
        var result = await HealthScript.RunAsync(roles, Platform.ApiUrl, Platform.S3Url);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task HttpHealth_ReachesAWildcardListenUrl_OverLoopback()
    {
        // The images listen on http://0.0.0.0:PORT; the platform here listens on 127.0.0.1, which the probe must use.
        var port = new Uri(Platform.ApiUrl).Port;
        var result = await HealthScript.RunAsync("api", apiUrl: $"http://0.0.0.0:{port}");
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task HttpHealth_Fails_WhenNothingListens()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var result = await HealthScript.RunAsync("api,store", apiUrl: Platform.ApiUrl, s3Url: url);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"unhealthy: nothing listens on 127.0.0.1:{new Uri(url).Port}", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public async Task HttpHealth_Fails_WhenHealthAnswersOtherThan200()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            var buffer = new byte[4096];
            var request = Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return request;
        });

        var result = await HealthScript.RunAsync("api", apiUrl: $"http://127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("answered 'HTTP/1.1 503 Service Unavailable'", result.StdOut);
        Assert.StartsWith("GET /health HTTP/1.0\r\n", await answering);
    }

    [Fact]
    public async Task WorkerAlive_FollowsTheProcess_RunningStoppedGone()
    {
        var marker = $"worker-alive-probe-{Guid.NewGuid():N}";
        var script = Path.Combine(RepoPaths.Root, "deploy", "worker-alive.sh");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import time; time.sleep(300)", marker]))!;
        try
        {
            Assert.Equal(0, (await CommandLine.RunAsync("bash", [script, marker])).ExitCode);

            await CommandLine.RunAsync("kill", ["-STOP", process.Id.ToString()]);
            var stopped = await CommandLine.RunAsync("bash", [script, marker]);
            Assert.Equal(1, stopped.ExitCode);
            Assert.Contains($"worker process {process.Id} is in state T", stopped.StdOut);

            await CommandLine.RunAsync("kill", ["-CONT", process.Id.ToString()]);
            Assert.Equal(0, (await CommandLine.RunAsync("bash", [script, marker])).ExitCode);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        var gone = await CommandLine.RunAsync("bash", [script, marker]);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"no process running {marker}", gone.StdOut);
    }

    [Fact]
    public async Task WorkerAlive_LooksForTheWorkerAssembly_ByDefault()
    {
        // Nothing here runs Transporter.Worker.dll, so the default check must find no worker (and not itself).
        var result = await CommandLine.RunAsync("bash", [Path.Combine(RepoPaths.Root, "deploy", "worker-alive.sh")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no process running Transporter.Worker.dll", result.StdOut);
    }
}
