using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Engine;

/// <summary>A real engine (SQLite file + data files) in a fresh temp dir, with one bucket owned by "root1".</summary>
internal sealed class TempEngine : IAsyncDisposable
{
    public const string Owner = "root1";
    public const string Bucket = "bucket1";

    /// <summary>Every object in a data file, none inline: for the tests of data files themselves (publishing, leases,
    /// reclaiming, the start-up sweep).</summary>
    public static readonly StorageEngineOptions FilesOnly = new() { InlineMaxObjectBytes = 0 };

    private readonly StorageEngineOptions? _options;

    private TempEngine(string directory, StorageEngine engine, StorageEngineOptions? options)
    {
        Directory = directory;
        Engine = engine;
        _options = options;
    }

    public string Directory { get; }
    public StorageEngine Engine { get; private set; }

    public static async Task<TempEngine> StartAsync(string? directory = null, bool createBucket = true, StorageEngineOptions? options = null)
    {
        directory ??= RepoPaths.NewTempDir("engine");
        var engine = await StorageEngine.OpenAsync(directory, NullLogger.Instance, options);
        var temp = new TempEngine(directory, engine, options);
        if (createBucket) await engine.CreateBucketAsync(Owner, Bucket, CancellationToken.None);
        return temp;
    }

    /// <summary>Closes and reopens the engine on the same directory, as a restart does.</summary>
    public async Task ReopenAsync()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Engine = await StorageEngine.OpenAsync(Directory, NullLogger.Instance, _options);
    }

    public Task<WriteResult> PutAsync(string key, string content, ObjectWrite? write = null, WriteIntegrity? integrity = null) =>
        PutAsync(key, Encoding.UTF8.GetBytes(content), write, integrity);

    public Task<WriteResult> PutAsync(string key, byte[] content, ObjectWrite? write = null, WriteIntegrity? integrity = null) =>
        Engine.PutObjectAsync(Owner, Bucket, key, new MemoryStream(content), content.Length, write ?? new ObjectWrite(),
            integrity ?? WriteIntegrity.None, CancellationToken.None);

    public async Task<byte[]> ReadAsync(string key, long offset = 0, long? length = null)
    {
        using var stored = Engine.OpenObject(Owner, Bucket, key);
        var buffer = new MemoryStream();
        await stored.CopyToAsync(buffer, offset, length ?? stored.Info.Size - offset, CancellationToken.None);
        return buffer.ToArray();
    }

    public async Task<string> ReadTextAsync(string key) => Encoding.UTF8.GetString(await ReadAsync(key));

    public ListObjectsPage List(string prefix = "", string? delimiter = null, string? after = null, int maxKeys = 1000) =>
        Engine.ListObjects(Owner, Bucket, new ListObjectsQuery(prefix, delimiter, after, maxKeys));

    /// <summary>Every file under the engine directory, relative to it.</summary>
    public IReadOnlyList<string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Directory, f)).ToList();

    /// <summary>Rows of small objects' bytes stored inline in the metadata database.</summary>
    public long InlineRows()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Directory, "meta.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM inline_data";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Objects' stored bytes: data files plus inline rows.</summary>
    public long StoredData() => BlobFiles().Count + InlineRows();

    /// <summary>The published data files (blobs/xx/id).</summary>
    public IReadOnlyList<string> BlobFiles() => Files().Where(f => f.StartsWith("blobs", StringComparison.Ordinal)).ToList();

    public ValueTask DisposeAsync()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
