using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Transporter.Core.Persistence;
using Transporter.Store.Engine.Blobs;
using Transporter.Store.Engine.Metadata;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine;

/// <summary>
/// The built-in store's storage: bucket and object metadata in an embedded SQLite file, object bytes in data files
/// under generated ids. Plain arguments in, typed <see cref="StoreException"/>s out; it knows nothing of HTTP.
/// <para>
/// A write streams into a temporary file (fsync), moves it into place, then commits the metadata in one short
/// transaction; only the commit makes it visible, and the superseded data files are deleted after it. A crash at
/// any point leaves the previous version intact; start-up removes temporary files and data files no metadata
/// refers to. All buckets are cached in memory (one process owns a data dir).
/// </para>
/// </summary>
public sealed partial class StorageEngine : IDisposable
{
    /// <summary>Largest single PUT and largest part, as S3.</summary>
    public const long MaxSinglePutSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Smallest part of a multipart upload except the last, as S3.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public const int MaxPartNumber = 10000;

    private readonly Database _database;
    private readonly MetadataConnectionPool _pool;
    private readonly BlobDirectory _blobs;
    private readonly ReadLeases _leases = new();
    private readonly ConcurrentDictionary<string, BucketInfo> _buckets = new(StringComparer.Ordinal);
    private readonly ObjectCache _objects;
    private readonly BlobContentCache _contents;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly StorageEngineOptions _options;

    private StorageEngine(string directory, Database database, ILogger logger, StorageEngineOptions options)
    {
        Directory = directory;
        _database = database;
        _pool = new MetadataConnectionPool(database);
        _blobs = new BlobDirectory(directory);
        _objects = new ObjectCache(options.MetadataCacheEntries);
        _contents = new BlobContentCache(options.ContentCacheBytes, options.ContentCacheMaxObjectBytes);
        _logger = logger;
        _clock = options.Clock;
        _options = options;
    }

    /// <summary>The folder holding meta.db, blobs/ and tmp/.</summary>
    public string Directory { get; }

    /// <summary>Completes when the start-up search for unreferenced data files has finished.</summary>
    public Task StartupSweep { get; private set; } = Task.CompletedTask;

    /// <summary>Opens (creating when missing) the store in <paramref name="directory"/> and recovers from a crash.</summary>
    public static async Task<StorageEngine> OpenAsync(
        string directory, ILogger logger, StorageEngineOptions? options = null, CancellationToken ct = default)
    {
        var engine = Create(directory, logger, options);
        await engine.InitializeAsync(ct).ConfigureAwait(false);
        return engine;
    }

    /// <summary>The store in <paramref name="directory"/>, not opened yet: <see cref="InitializeAsync"/> must complete
    /// before any operation (a host does it at start-up, StorageEngineInitializer), so no start-up code blocks on it.</summary>
    public static StorageEngine Create(string directory, ILogger logger, StorageEngineOptions? options = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new StorageEngine(directory, Database.Sqlite(Path.Combine(directory, "meta.db")), logger, options ?? new StorageEngineOptions());
    }

    /// <summary>Creates or upgrades the metadata schema and recovers from a crash: temporary files of interrupted writes
    /// removed, buckets and settings loaded, unreferenced data files swept in the background.</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var startedUtc = DateTime.UtcNow;
        await SchemaMigrator.ApplyAsync(_database, StoreSchema.Component, StoreSchema.Steps, ct).ConfigureAwait(false);
        var removed = _blobs.Prepare();
        if (removed > 0) _logger.LogInformation("Removed {Count} temporary files of interrupted writes", removed);
        LoadBuckets();
        LoadSettings();
        StartupSweep = Task.Run(() => SweepUnreferencedBlobs(startedUtc, CancellationToken.None), CancellationToken.None);
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>After a commit that changed the key: forgets its cached row, then deletes the data files no longer
    /// referenced, now or when the last reader of the key lets go.</summary>
    private void Reclaim(string bucket, string key, List<string> blobIds)
    {
        _objects.Invalidate(ReadLeases.NameOf(bucket, key));
        if (blobIds.Count == 0) return;
        if (_leases.DeferDeletion(ReadLeases.NameOf(bucket, key), blobIds)) return;
        DeleteBlobs(blobIds);
    }

    private void DeleteBlobs(IEnumerable<string> blobIds)
    {
        foreach (var id in blobIds)
        {
            _contents.Remove(id);
            try
            {
                _blobs.Delete(id);
            }
            catch (IOException e)
            {
                // The start-up sweep removes it next time.
                _logger.LogWarning(e, "Could not delete data file {BlobId}", id);
            }
        }
    }

    /// <summary>Removes data files written before this process started that no metadata refers to: files moved into
    /// place by a write whose commit never happened, or superseded files whose deletion a crash interrupted.</summary>
    internal int SweepUnreferencedBlobs(DateTime startedUtc, CancellationToken ct)
    {
        var removed = 0;
        try
        {
            for (var shard = 0; shard < 256; shard++)
            {
                ct.ThrowIfCancellationRequested();
                var candidates = _blobs.EnumerateShard(shard).Where(f => f.LastWriteUtc < startedUtc).Select(f => f.Id).ToList();
                if (candidates.Count == 0) continue;
                var orphans = new List<string>();
                using (var lease = _pool.Read())
                {
                    var command = lease.Connection.Command("SELECT 1 FROM blobs WHERE id = @id");
                    foreach (var id in candidates)
                        if (command.Bind("@id", id).ExecuteScalar() is null) orphans.Add(id);
                }
                DeleteBlobs(orphans);
                removed += orphans.Count;
            }
            if (removed > 0) _logger.LogInformation("Removed {Count} unreferenced data files", removed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Sweeping unreferenced data files failed; they stay until the next start");
        }
        return removed;
    }

    public void Dispose()
    {
        _pool.Dispose();
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
