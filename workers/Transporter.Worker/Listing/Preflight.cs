using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;

namespace Transporter.Worker.Listing;

/// <summary>The preflight of runs and plans: lists one source object, writes and deletes a probe at the destination
/// (<see cref="StorageProbe"/>). Throws the provider's <see cref="ObjectStoreException"/>.</summary>
internal static class Preflight
{
    /// <param name="readOnly">A verify run only reads the destination: it is listed, not written.</param>
    public static async Task CheckAsync(OpenedEndpoints endpoints, ListingStep step, CancellationToken ct, bool readOnly = false)
    {
        step.Now("reading the source", preflight: true);
        await StorageProbe.CheckAsync(endpoints.Source, endpoints.SourceConfig, read: true, write: false, delete: false, ct).ConfigureAwait(false);
        if (readOnly)
        {
            step.Now("reading the destination", preflight: true);
            await StorageProbe.CheckAsync(endpoints.Destination, endpoints.DestinationConfig, read: true, write: false, delete: false, ct).ConfigureAwait(false);
            return;
        }
        step.Now("writing the destination", preflight: true);
        await StorageProbe.CheckAsync(endpoints.Destination, endpoints.DestinationConfig, read: false, write: true, delete: true, ct).ConfigureAwait(false);
    }

    /// <summary>The error line of a failed preflight, or null when it passed.</summary>
    public static async Task<string?> ErrorAsync(OpenedEndpoints endpoints, CancellationToken ct)
    {
        var step = new ListingStep();
        try
        {
            await CheckAsync(endpoints, step, ct).ConfigureAwait(false);
            return null;
        }
        catch (ObjectStoreException e)
        {
            return step.Failure(e.Details);
        }
    }
}
