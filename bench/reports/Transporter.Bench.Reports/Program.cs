using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Transporter.Api.Reports;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Core.Reports;
using Transporter.Core.Security;

// usage:
//   Transporter.Bench.Reports write <rows> <bundle.tar.gz>        ReportBundleWriter over generated rows (also: <rows> <bundle>)
//   Transporter.Bench.Reports seed <db> <rows>                    a finished migration with <rows> report rows in a SQLite file
//   Transporter.Bench.Reports prepare <db> <bundle.tar.gz>        the preparation path: object_reports -> bundle
switch (args)
{
    case ["write", var rows, var bundle] when int.TryParse(rows, out var count):
        return await WriteAsync(count, bundle);
    case [var rows, var bundle] when int.TryParse(rows, out var count):
        return await WriteAsync(count, bundle);
    case ["seed", var db, var rows] when int.TryParse(rows, out var count):
        return await SeedAsync(db, count);
    case ["prepare", var db, var bundle]:
        return await PrepareAsync(db, bundle);
    default:
        Console.Error.WriteLine("usage: Transporter.Bench.Reports write <rows> <bundle.tar.gz> | seed <db> <rows> | prepare <db> <bundle.tar.gz>");
        return 2;
}

static async Task<int> WriteAsync(int rows, string path)
{
    var summary = new MigrationReportSummary
    {
        MigrationId = Guid.Parse("7684fbee-f67a-4c45-b39f-0993da74c1ce"),
        Root = "bench-root",
        Source = "s3v4 http://127.0.0.1:9000 source-bucket/",
        Destination = "aws https://s3.amazonaws.com destination-bucket",
        State = MigrationState.CompletedWithErrors,
        StartTime = DateTimeOffset.UtcNow.AddHours(-1),
        FinishTime = DateTimeOffset.UtcNow,
    };
    var clock = Stopwatch.StartNew();
    var bundle = await new ReportBundleWriter().WriteAsync(summary, Stream(rows), path);
    Console.WriteLine($"rows={rows} succeeded={bundle.ObjectsSucceeded} failed={bundle.ObjectsFailed} size={bundle.SizeBytes} seconds={clock.Elapsed.TotalSeconds:F2}");
    return 0;

    static async IAsyncEnumerable<ObjectReport> Stream(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Row(i);
            if (i % 50_000 == 0) await Task.Yield();
        }
    }
}

// A migration and its finished run made by the repository (the real schema), then the rows inserted in one transaction
// with one prepared statement: setting up, not measured.
static async Task<int> SeedAsync(string path, int rows)
{
    var db = Database.Sqlite(path);
    var migrationDatabase = new MigrationDatabase(db, TimeProvider.System);
    var repository = new MigrationRepository(migrationDatabase, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
    EndpointConfig Endpoint(string bucket) => new()
    {
        Type = EndpointType.S3V4, AccessKey = "BENCH", SecretKey = "bench-secret", Bucket = bucket, Endpoint = "http://127.0.0.1:9000", Region = "us-east-1",
    };
    var endpoints = new EndpointPair(Endpoint("source-bucket"), Endpoint("destination-bucket"));
    var migration = new Migration
    {
        Id = Guid.NewGuid(), Root = "bench-root", UserName = "root", Kind = MigrationKind.Migration,
        Source = endpoints.Source.WithoutSecrets(), Destination = endpoints.Destination.WithoutSecrets(),
    };
    var run = (await repository.CreateAsync(migration, endpoints, startNow: true))!;
    var clock = Stopwatch.StartNew();
    await using (var connection = (SqliteConnection)await db.OpenAsync())
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO object_reports (run_id, migration_id, object_key, succeeded, listed_size, listed_etag, listed_modified, source_bucket,
                destination_bucket, start_time, connection_duration, copy_duration, finish_time, bytes_copied, source_etag, destination_etag,
                tags_copied, system_metadata_copied, user_metadata_copied, sse_enabled, source_reading_err, destination_writing_err,
                lyve_writing_err, source_delete_err)
            VALUES ($run, $migration, $key, $ok, $size, $etag, $modified, $sb, $db, $start, $cd, $pd, $finish, $bytes, $se, $de, $tags, $sys, $user,
                $sse, $sre, $dwe, $lwe, $sde)
            """;
        var names = new[] { "$run", "$migration", "$key", "$ok", "$size", "$etag", "$modified", "$sb", "$db", "$start", "$cd", "$pd", "$finish", "$bytes",
            "$se", "$de", "$tags", "$sys", "$user", "$sse", "$sre", "$dwe", "$lwe", "$sde" };
        var p = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        command.Prepare();
        for (var i = 0; i < rows; i++)
        {
            var r = Row(i);
            object[] values =
            [
                run.Id.ToString("D"), migration.Id.ToString("D"), r.ObjectKey, r.Succeeded, r.BytesCopied, r.SourceETag, r.StartTime.ToUnixTimeMilliseconds(),
                r.SourceBucket, r.DestinationBucket, r.StartTime.ToUnixTimeMilliseconds(), r.ConnectionDuration, r.CopyDuration,
                r.FinishTime.ToUnixTimeMilliseconds(), r.BytesCopied, r.SourceETag, r.DestinationETag, r.TagsCopied, r.SystemMetadataCopied,
                r.UserMetadataCopied, r.SseEnabled, r.SourceReadingErr, r.DestinationWritingErr, r.LyveWritingErr, r.SourceDeleteErr,
            ];
            for (var j = 0; j < values.Length; j++) p[j].Value = values[j];
            await command.ExecuteNonQueryAsync();
        }
        await using var finish = connection.CreateCommand();
        finish.Transaction = tx;
        finish.CommandText = "UPDATE migration_runs SET state = 7, listing_completed = TRUE, started_at = $t, finished_at = $t, files_found = $n WHERE id = $id";
        finish.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        finish.Parameters.AddWithValue("$n", rows);
        finish.Parameters.AddWithValue("$id", run.Id.ToString("D"));
        await finish.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
    Console.WriteLine($"seeded {rows} report rows of migration {migration.Id} in {clock.Elapsed.TotalSeconds:F1} s");
    return 0;
}

// Exactly what POST /reports/prepare runs in the background (ReportPreparationService): ReportBundleBuilder streaming
// the run's rows from object_reports through ReportBundleWriter.
static async Task<int> PrepareAsync(string path, string bundlePath)
{
    var db = Database.Sqlite(path);
    var migrationDatabase = new MigrationDatabase(db, TimeProvider.System);
    var repository = new MigrationRepository(migrationDatabase, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
    var id = Guid.Parse((await QueryScalarAsync(db, "SELECT id FROM migrations LIMIT 1"))!);
    var found = (await repository.GetOwnedAsync(id, new MigrationOwner("bench-root", "root", IsRootUser: true)))!;
    var clock = Stopwatch.StartNew();
    var reader = new ObjectReportReader(migrationDatabase, new DeletionRepository(migrationDatabase), new VersionCopyRepository(migrationDatabase));
    var builder = new ReportBundleBuilder(reader, new ReportBundleWriter());
    var bundle = await builder.BuildAsync(found.Migration, found.LatestRun!, bundlePath);
    Console.WriteLine($"prepared: succeeded={bundle.ObjectsSucceeded} failed={bundle.ObjectsFailed} size={bundle.SizeBytes} seconds={clock.Elapsed.TotalSeconds:F2}");
    return 0;
}

static async Task<string?> QueryScalarAsync(Database db, string sql)
{
    await using var connection = await db.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    return (string?)await command.ExecuteScalarAsync();
}

// Realistic rows: keys (in listing order, as the engine lists and records them), ETags, times; one in fifty failed.
static ObjectReport Row(int i)
{
    var start = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    var failed = i % 50 == 7;
    var etag = $"\"{(uint)(i * 2654435761):x8}{(uint)(i * 40503):x8}{i:x8}{(uint)~i:x8}\"";
    var began = start.AddMilliseconds(i * 37.5);
    return new ObjectReport
    {
        SourceBucket = "source-bucket",
        DestinationBucket = "destination-bucket",
        ObjectKey = $"projects/{i / 10_000:D3}/datasets/{i / 1000:D5}/part-{i:D8}.parquet",
        StartTime = began,
        ConnectionDuration = i % 13 * 0.0123,
        CopyDuration = i % 101 * 0.0457,
        FinishTime = began.AddMilliseconds(i % 101 * 45.7),
        BytesCopied = failed ? 0 : 1024L * (i % 4096) + i % 1000,
        SourceETag = etag,
        DestinationETag = failed ? "" : etag,
        TagsCopied = true,
        SystemMetadataCopied = true,
        UserMetadataCopied = i % 3 != 0,
        SseEnabled = i % 2 == 0,
        SourceReadingErr = failed ? "nosuchkey: the specified key does not exist status code: 404, request id: , host id: " : "",
    };
}
