using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Transporter.Core.Persistence;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// The store's connections to its metadata file: reader connections kept open and reused (no open per request),
/// and one writer connection behind a gate. SQLite admits one writer at a time anyway; queueing writers here keeps
/// transactions short and turns per-key commit ordering into plain arrival order. WAL lets readers run beside it.
/// </summary>
internal sealed class MetadataConnectionPool : IDisposable
{
    private const int MaxIdleReaders = 32;

    private readonly Database _database;
    private readonly ConcurrentBag<MetadataConnection> _idleReaders = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly MetadataConnection _writer;

    public MetadataConnectionPool(Database database)
    {
        _database = database;
        _writer = OpenConnection();
    }

    /// <summary>A reader connection for the caller's exclusive use until the lease is disposed.</summary>
    public ReaderLease Read() => new(this, _idleReaders.TryTake(out var c) ? c : OpenConnection());

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction on the writer; rolls back if it throws.</summary>
    public async ValueTask<T> WriteAsync<T>(Func<MetadataConnection, T> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return RunInTransaction(work);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The synchronous form, for start-up work.</summary>
    public T Write<T>(Func<MetadataConnection, T> work)
    {
        _writeGate.Wait();
        try
        {
            return RunInTransaction(work);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private T RunInTransaction<T>(Func<MetadataConnection, T> work)
    {
        _writer.Execute("BEGIN IMMEDIATE");
        try
        {
            var result = work(_writer);
            _writer.Execute("COMMIT");
            return result;
        }
        catch
        {
            // SQLite may already have rolled back (e.g. on a full disk); the original error is the one to report.
            try { _writer.Execute("ROLLBACK"); } catch (SqliteException) { }
            throw;
        }
    }

    private MetadataConnection OpenConnection() => new((SqliteConnection)_database.Open());

    private void Return(MetadataConnection connection)
    {
        if (_idleReaders.Count < MaxIdleReaders) _idleReaders.Add(connection);
        else connection.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        while (_idleReaders.TryTake(out var c)) c.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>A rented reader connection; dispose returns it to the pool.</summary>
    public readonly struct ReaderLease(MetadataConnectionPool pool, MetadataConnection connection) : IDisposable
    {
        public MetadataConnection Connection { get; } = connection;

        public void Dispose() => pool.Return(Connection);
    }
}
