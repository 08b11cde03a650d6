using System.Data.Common;

namespace Transporter.Core.Persistence;

/// <summary>
/// Applies a repository's schema once per instance, on its first use (so no start-up step is needed), and opens
/// connections after it. The schema is one component's steps, or any work given as <c>apply</c> (several components, a
/// schema this one depends on first).
/// </summary>
public sealed class SchemaGate(Database db, Func<CancellationToken, Task> apply)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _applied;

    public SchemaGate(Database db, string component, IReadOnlyList<SchemaStep> steps)
        : this(db, ct => SchemaMigrator.ApplyAsync(db, component, steps, ct))
    {
    }

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        if (_applied) return;
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_applied) return;
            await apply(ct).ConfigureAwait(false);
            _applied = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A connection to the database, the schema applied.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        await EnsureAsync(ct).ConfigureAwait(false);
        return await db.OpenAsync(ct).ConfigureAwait(false);
    }
}
