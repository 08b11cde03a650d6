using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Store.Engine;

/// <summary>
/// Opens the storage engine (metadata and data under DATA_DIR/store) before the host serves: opening recovers from a
/// crash (temporary files, unreferenced data), and a store that cannot open its data stops the process at start-up.
/// Runs in StartingAsync, ahead of every StartAsync (Kestrel's), so no request sees the engine unopened.
/// </summary>
internal sealed class StorageEngineOpener(IOptions<TransporterOptions> platform, ILoggerFactory loggers)
    : IHostedLifecycleService, IAsyncDisposable
{
    private StorageEngine? _engine;

    /// <summary>The open engine; only asked for once the host has started.</summary>
    public StorageEngine Engine => _engine ?? throw new InvalidOperationException("The storage engine is opened when the host starts.");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var options = new StorageEngineOptions { ContentCacheBytes = Math.Max(0, platform.Value.S3CacheMiB) * 1024L * 1024 };
        _engine = await StorageEngine.OpenAsync(platform.Value.DataPath("store"), loggers.CreateLogger("Transporter.Store"), options, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _engine?.Dispose();
        return ValueTask.CompletedTask;
    }
}
