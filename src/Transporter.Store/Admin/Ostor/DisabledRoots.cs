using Dapper;
using Transporter.Core.Persistence;
using Transporter.Store.Admin.Garage;

namespace Transporter.Store.Admin.Ostor;

/// <summary>
/// The roots (ostor users) disabled by ?ostor-users&amp;disable, in the platform database. Every signed request asks,
/// so the set is kept in memory: changed at once by this process, re-read at most every <see cref="RefreshAfter"/>
/// for changes made by another process of a distributed deployment.
/// </summary>
internal sealed class DisabledRoots(Database db, TimeProvider clock)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    private readonly SchemaGate _schema = new(db, AdminSchema.Component, AdminSchema.Steps);
    private volatile HashSet<string>? _disabled;
    private DateTimeOffset _loadedAt;

    public async ValueTask<bool> IsDisabledAsync(string root, CancellationToken ct)
    {
        var set = _disabled;
        if (set is null || clock.GetUtcNow() - _loadedAt > RefreshAfter) set = await LoadAsync(ct).ConfigureAwait(false);
        return set.Contains(root);
    }

    public async Task SetAsync(string root, bool disabled, CancellationToken ct)
    {
        await using (var connection = await _schema.OpenAsync(ct).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(disabled
                ? "INSERT INTO admin_disabled_roots (root_name) VALUES (@root) ON CONFLICT (root_name) DO NOTHING"
                : "DELETE FROM admin_disabled_roots WHERE root_name = @root", new { root }, cancellationToken: ct)).ConfigureAwait(false);
        }
        await LoadAsync(ct).ConfigureAwait(false);
    }

    private async Task<HashSet<string>> LoadAsync(CancellationToken ct)
    {
        await using var connection = await _schema.OpenAsync(ct).ConfigureAwait(false);
        var roots = await connection.QueryAsync<string>(new CommandDefinition("SELECT root_name FROM admin_disabled_roots", cancellationToken: ct)).ConfigureAwait(false);
        var set = new HashSet<string>(roots, StringComparer.Ordinal);
        _loadedAt = clock.GetUtcNow();
        _disabled = set;
        return set;
    }
}
