using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// The body of a blob download. The SDK's own stream already resumes a dropped connection from the next byte of the
/// same blob version (If-Match on its ETag); what it cannot recover from (the blob changed, retries exhausted)
/// reaches the reader here as an <see cref="ObjectStoreException"/>, like every other failure of the port.
/// </summary>
internal sealed class AzureDownloadStream(Stream body) : ReadOnlyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        try
        {
            return await body.ReadAsync(buffer, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw AzureErrorMapping.ToObjectStoreException(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) body.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await body.DisposeAsync();
        await base.DisposeAsync();
    }
}
