using Transporter.Core.Endpoints;
using Transporter.Core.SavedBuckets;
using Transporter.Identity;

namespace Transporter.Api.Gui.Services;

/// <summary>The caller's root's saved bucket table (POST /add-mod-del-bucket fills it) as the migration form offers it:
/// the entries without secrets, and an endpoint naming one resolved as a run would resolve it.</summary>
public sealed class GuiSavedBuckets(SavedBucketRepository table)
{
    public Task<IReadOnlyList<SavedBucket>> ListAsync(Caller caller, CancellationToken ct) => table.ListAsync(caller.Root, ct);

    public Task<(EndpointConfig? Config, string? Problem)> ResolveAsync(Caller caller, EndpointConfig config, CancellationToken ct) =>
        SavedBucketResolver.ResolveAsync(table, caller.Root, config, ct);
}
