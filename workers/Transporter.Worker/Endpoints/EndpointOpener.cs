using Transporter.Connectors;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Endpoints;

/// <summary>Opens a migration's buckets: the only place its credentials are decrypted.</summary>
public sealed class EndpointOpener(MigrationRepository repository, ObjectStoreFactory stores)
{
    public async Task<OpenedEndpoints> OpenAsync(Guid migrationId, CancellationToken ct)
    {
        var pair = await repository.GetEndpointsAsync(migrationId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"migration {migrationId} does not exist");
        var source = stores.Open(pair.Source);
        try
        {
            return new OpenedEndpoints(source, stores.Open(pair.Destination), pair.Source, pair.Destination);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
