using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Worker.Endpoints;

/// <summary>
/// Checks what a bucket lets its credentials do, with real calls: read lists one object, write puts a small probe
/// object, delete removes it (or, without write, deletes a probe key that does not exist, which still needs the
/// permission). Used by the run preflight and POST /test-storage. Throws the provider's <see cref="ObjectStoreException"/>.
/// </summary>
public static class StorageProbe
{
    private const string ProbeContent = "transporter preflight probe\n";

    public static async Task CheckAsync(IObjectStore store, EndpointConfig config, bool read, bool write, bool delete, CancellationToken ct)
    {
        if (read)
            await foreach (var _ in store.ListAsync(config.Prefix ?? "", null, ct).ConfigureAwait(false))
                break;
        var key = $".transporter-probe-{Guid.NewGuid():N}";
        if (write)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(ProbeContent);
            using var content = new MemoryStream(bytes);
            await store.WriteAsync(new ObjectWriteRequest
            {
                Key = key,
                Size = bytes.Length,
                ContentType = "text/plain",
                StorageClass = string.IsNullOrEmpty(config.Subtype) ? null : config.Subtype,
                ServerSideEncryption = config.ForceSseS3 == true,
            }, content, ct).ConfigureAwait(false);
        }
        try
        {
            if (delete) await store.DeleteAsync(key, ct).ConfigureAwait(false);
        }
        finally
        {
            // A probe written for a write-only check must not stay behind; this cleanup may itself be refused.
            if (write && !delete)
                try { await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false); }
                catch (ObjectStoreException) { }
        }
    }
}
