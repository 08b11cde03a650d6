using Transporter.Connectors;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;

namespace Transporter.Worker.Endpoints;

/// <summary>Opens a migration's (or a plan's) buckets: the only place their credentials are decrypted.</summary>
public sealed class EndpointOpener(MigrationRepository migrations, ObjectStoreFactory stores)
{
    public async Task<OpenedEndpoints> OpenAsync(Guid migrationId, CancellationToken ct)
    {
        var pair = await migrations.GetRunEndpointsAsync(migrationId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"migration {migrationId} does not exist");
        return await OpenAsync(pair).ConfigureAwait(false);
    }

    /// <summary>Opens both endpoints of <paramref name="pair"/> (credentials included).</summary>
    public async Task<OpenedEndpoints> OpenAsync(EndpointPair pair)
    {
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
