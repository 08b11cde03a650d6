using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transporter.Worker.Hosting;

/// <summary>
/// GET /health of the worker executable on TRANSPORTER_WORKER_HEALTH_URL (e.g. http://0.0.0.0:8081; off when unset),
/// for container probes: 200 {"status":"ok"} once the host has started (schema ready, bus started), 503 while it
/// stops. It says the process works, not that the database or the broker answers: a worker rides out their outages
/// by itself, and restarting it would not bring them back. A plain <see cref="HttpListener"/>, so the worker needs no
/// ASP.NET Core.
/// </summary>
public sealed class WorkerHealthEndpoint(Uri url, IHostApplicationLifetime lifetime, ILogger<WorkerHealthEndpoint> logger) : BackgroundService
{
    private static readonly byte[] Ok = Encoding.UTF8.GetBytes("""{"status":"ok"}""");
    private static readonly byte[] Starting = Encoding.UTF8.GetBytes("""{"status":"starting"}""");
    private static readonly byte[] Stopping = Encoding.UTF8.GetBytes("""{"status":"stopping"}""");

    /// <summary>The HttpListener prefix of a listen URL: a wildcard host (0.0.0.0, ::, *) listens on every interface.</summary>
    public static string Prefix(Uri url)
    {
        var host = url.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+" ? "+" : url.Host;
        return $"{url.Scheme}://{host}:{url.Port}/";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(Prefix(url));
        listener.Start();
        logger.LogInformation("Worker health endpoint listening on {Url}health", url);
        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break; // stopped
            }
            Answer(context);
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.Url?.AbsolutePath != "/health" || context.Request.HttpMethod is not ("GET" or "HEAD"))
        {
            response.StatusCode = 404;
            return;
        }
        var (status, body) = lifetime.ApplicationStopping.IsCancellationRequested ? (503, Stopping)
            : lifetime.ApplicationStarted.IsCancellationRequested ? (200, Ok)
            : (503, Starting);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod == "GET") response.OutputStream.Write(body);
    }
}
