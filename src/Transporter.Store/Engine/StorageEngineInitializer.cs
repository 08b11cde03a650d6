using Microsoft.Extensions.Hosting;

namespace Transporter.Store.Engine;

/// <summary>
/// Opens the storage engine before the host serves: schema, crash recovery (temporary files, unreferenced data),
/// buckets. Runs in StartingAsync, ahead of every StartAsync (Kestrel's and the store's background services'), and a
/// store that cannot open its data stops the process at start-up.
/// </summary>
internal sealed class StorageEngineInitializer(StorageEngine engine) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => engine.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
