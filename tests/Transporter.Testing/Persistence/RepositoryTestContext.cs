using System.Security.Cryptography;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Core.Reports;
using Transporter.Core.Security;
using Transporter.Core.Storage;
using Xunit;

namespace Transporter.Testing.Persistence;

/// <summary>The migration repositories (<see cref="MigrationDatabase"/>) over a fresh database (a SQLite file, or a new
/// PostgreSQL database on the server scripts/test-services.sh starts), with a hand-moved clock and small builders.</summary>
public sealed class RepositoryTestContext : IAsyncDisposable
{
    private readonly Func<Task>? _drop;

    private RepositoryTestContext(Database database, Func<Task>? drop)
    {
        Database = database;
        _drop = drop;
        MigrationDatabase = new MigrationDatabase(Database, Clock);
        var secrets = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        Migrations = new MigrationRepository(MigrationDatabase, secrets);
        Runs = new RunRepository(MigrationDatabase, secrets);
        Leases = new ListerLeaseRepository(MigrationDatabase, secrets);
        Batches = new BatchRepository(MigrationDatabase);
        Reports = new ObjectReportRepository(MigrationDatabase);
        Deletions = new DeletionRepository(MigrationDatabase);
        Versions = new VersionCopyRepository(MigrationDatabase);
        Webhooks = new WebhookDeliveryRepository(MigrationDatabase, secrets);
        Uploads = new UploadCheckpointRepository(MigrationDatabase);
    }

    public static RepositoryTestContext Sqlite() =>
        new(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("migration-repository"), "transporter.db")), null);

    /// <summary>A new database on TRANSPORTER_TEST_POSTGRES, dropped afterwards.</summary>
    public static async Task<RepositoryTestContext> PostgresAsync()
    {
        var created = await PostgresDatabase.CreateAsync("migrations");
        var database = Database.Postgres(created.ConnectionString);
        return new RepositoryTestContext(database, async () =>
        {
            await database.DisposeAsync();
            await created.DisposeAsync();
        });
    }

    public Database Database { get; }
    public ManualClock Clock { get; } = new();
    public MigrationDatabase MigrationDatabase { get; }
    public MigrationRepository Migrations { get; }
    public RunRepository Runs { get; }
    public ListerLeaseRepository Leases { get; }
    public BatchRepository Batches { get; }
    public ObjectReportRepository Reports { get; }
    public DeletionRepository Deletions { get; }
    public VersionCopyRepository Versions { get; }
    public WebhookDeliveryRepository Webhooks { get; }
    public UploadCheckpointRepository Uploads { get; }

    /// <summary>An <see cref="ObjectReportReader"/> over these tables.</summary>
    public ObjectReportReader ReportReader() => new(MigrationDatabase, Deletions, Versions);

    public static EndpointConfig Endpoint(string bucket) => new()
    {
        Type = EndpointType.S3V4,
        AccessKey = "AKIDEXAMPLE" + bucket.ToUpperInvariant(),
        SecretKey = "secret-of-" + bucket,
        Bucket = bucket,
        Endpoint = "http://127.0.0.1:9000",
        Region = "us-east-1",
    };

    public static Migration NewMigration(string root = "acme", string user = "root", string kind = MigrationKind.Migration) => new()
    {
        Id = Guid.NewGuid(),
        Root = root,
        UserName = user,
        Kind = kind,
        SyncMode = kind == MigrationKind.Sync ? SyncMode.Simple : null,
        Source = Endpoint("src").WithoutSecrets(),
        Destination = Endpoint("dst").WithoutSecrets(),
        BandwidthLimit = 0,
    };

    /// <summary>A migration with its first run, the lister lease held by "lister-1" and the run Started.</summary>
    public async Task<(Migration Migration, MigrationRun Run)> StartedRunAsync(string root = "acme", bool enableStatistics = false)
    {
        var migration = NewMigration(root) with { EnableStatistics = enableStatistics };
        var run = (await Migrations.CreateAsync(migration, new EndpointPair(Endpoint("src"), Endpoint("dst")), startNow: true))!;
        Assert.True(await Leases.TryClaimListerAsync(run.Id, "lister-1", Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(await Runs.TryMoveAsync(run.Id, MigrationState.Started));
        return (migration, run);
    }

    public static IReadOnlyList<ObjectSummary> Items(params string[] keys) =>
        keys.Select((k, i) => new ObjectSummary(k, 100 + i, DateTimeOffset.UnixEpoch.AddDays(i), $"etag{i}")).ToList();

    public static CopiedObject Succeeded(ObjectSummary item) => new(item, new ObjectReport
    {
        SourceBucket = "src", DestinationBucket = "dst", ObjectKey = item.Key, BytesCopied = item.Size, SourceETag = item.ETag ?? "",
        DestinationETag = item.ETag ?? "", StartTime = DateTimeOffset.UnixEpoch, FinishTime = DateTimeOffset.UnixEpoch.AddSeconds(1),
    });

    public async ValueTask DisposeAsync()
    {
        if (_drop is not null) await _drop();
    }

    public static CopiedObject Failed(ObjectSummary item, string error = "AccessDenied: Access Denied") => new(item, new ObjectReport
    {
        SourceBucket = "src", DestinationBucket = "dst", ObjectKey = item.Key, DestinationWritingErr = error,
    });
}
