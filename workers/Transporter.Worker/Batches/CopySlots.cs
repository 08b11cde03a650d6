using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Worker.Batches;

/// <summary>The objects this process copies at once, over all batches (<see cref="TransporterOptions.CopyConcurrency"/>).</summary>
public sealed class CopySlots(IOptions<TransporterOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.CopyConcurrency, options.Value.CopyConcurrency);

    public Task WaitAsync(CancellationToken ct) => _slots.WaitAsync(ct);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
