using System.Net;
using System.Net.Sockets;
using System.Text;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>
/// The images' health check (deploy/http-health.sh) runs here with bash against the real platform and worker
/// processes, as Docker runs it inside the containers.
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
    public async Task HttpHealth_ProbesTheWorkerExecutable_WhileItRuns()
    {
        // The worker executable on its own (SQLite and the in-memory bus in its data dir), as the worker image runs it.
        var worker = await WorkerProcess.StartAsync(new Dictionary<string, string>());
        try
        {
            var healthy = await HealthScript.RunAsync("worker", workerUrl: worker.HealthUrl);
            Assert.True(healthy.ExitCode == 0, healthy.StdOut + healthy.StdErr);
            var wildcard = await HealthScript.RunAsync("worker", workerUrl: $"http://0.0.0.0:{new Uri(worker.HealthUrl).Port}");
            Assert.True(wildcard.ExitCode == 0, wildcard.StdOut + wildcard.StdErr);

            await worker.KillAsync();
            var gone = await HealthScript.RunAsync("worker", workerUrl: worker.HealthUrl);
            Assert.Equal(1, gone.ExitCode);
            Assert.Contains($"unhealthy: nothing listens on 127.0.0.1:{new Uri(worker.HealthUrl).Port}", gone.StdOut);
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task HttpHealth_ProbesNoWorkerUrl_WhereWorkersRunInsideThePlatform()
    {
        // The platform image's default roles include worker, hosted in the same process: nothing more to probe.
        var result = await HealthScript.RunAsync("api,store,worker", Platform.ApiUrl, Platform.S3Url);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }
}
