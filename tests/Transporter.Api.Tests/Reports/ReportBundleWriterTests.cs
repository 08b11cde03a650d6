using CsvHelper;
using Transporter.Api.Reports;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;
using Transporter.Testing;

namespace Transporter.Api.Tests.Reports;

public class ReportBundleWriterTests : IDisposable
{
    private readonly string _dir = RepoPaths.NewTempDir("reports");

    internal static readonly MigrationReportSummary Summary = new()
    {
        MigrationId = Guid.Parse("7684fbee-f67a-4c45-b39f-0993da74c1ce"),
        Root = "root-one",
        Source = "s3v4 http://127.0.0.1:9000 source-bucket/prefix/",
        Destination = "aws https://s3.amazonaws.com destination-bucket",
        State = MigrationState.CompletedWithErrors,
        StartTime = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero),
        FinishTime = new DateTimeOffset(2025, 5, 1, 9, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Bundle_extracts_with_gnu_tar_and_every_field_of_every_row_reads_back()
    {
        const int rows = 2_000;
        var path = Path.Combine(_dir, "bundle.tar.gz");

        var bundle = await new ReportBundleWriter().WriteAsync(Summary, ReportRows.Stream(rows), path);

        var expected = Enumerable.Range(0, rows).Select(ReportRows.Row).ToList();
        Assert.Equal(path, bundle.Path);
        Assert.Equal(expected.Count(r => r.Succeeded), bundle.ObjectsSucceeded);
        Assert.Equal(expected.Count(r => !r.Succeeded), bundle.ObjectsFailed);
        Assert.Equal(new FileInfo(path).Length, bundle.SizeBytes);

        var listing = await CommandLine.RunAsync("tar", ["tzf", path]);
        Assert.Equal(["summary.csv", "successful-transfers.csv", "failed-transfers.csv"], listing.EnsureSuccess().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var extracted = Directory.CreateDirectory(Path.Combine(_dir, "x")).FullName;
        (await CommandLine.RunAsync("tar", ["xzf", path, "-C", extracted])).EnsureSuccess();

        Assert.Equal(expected.Where(r => r.Succeeded), ReadRows(Path.Combine(extracted, "successful-transfers.csv"), withErrors: false));
        Assert.Equal(expected.Where(r => !r.Succeeded), ReadRows(Path.Combine(extracted, "failed-transfers.csv"), withErrors: true));
        var keys = ReadRows(Path.Combine(extracted, "successful-transfers.csv"), false)
            .Concat(ReadRows(Path.Combine(extracted, "failed-transfers.csv"), true)).Select(r => r.ObjectKey).ToHashSet();
        Assert.All(ReportRows.AwkwardKeys, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task Each_file_starts_with_comment_lines_explaining_every_column()
    {
        var path = Path.Combine(_dir, "bundle.tar.gz");
        await new ReportBundleWriter().WriteAsync(Summary, ReportRows.Stream(50), path);
        var extracted = Directory.CreateDirectory(Path.Combine(_dir, "x")).FullName;
        (await CommandLine.RunAsync("tar", ["xzf", path, "-C", extracted])).EnsureSuccess();

        foreach (var (file, columns) in new[]
        {
            ("successful-transfers.csv", ReportColumns.Transfer),
            ("failed-transfers.csv", [.. ReportColumns.Transfer, .. ReportColumns.Errors]),
            ("summary.csv", ReportColumns.Summary),
        })
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(extracted, file));
            var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
            Assert.Contains("Transporter migration report", header[0]);
            Assert.Contains(Summary.MigrationId.ToString(), header[1]);
            foreach (var column in columns) Assert.Contains(header, l => l.StartsWith($"#   {column.Name}: ", StringComparison.Ordinal));
            Assert.Contains(header, l => l.Contains("seconds") || l.Contains("count"));
            Assert.Equal(string.Join(',', columns.Select(c => c.Name)), lines[header.Count]);
        }
    }

    [Fact]
    public async Task Summary_names_the_migration_and_counts_the_rows()
    {
        var path = Path.Combine(_dir, "bundle.tar.gz");
        var time = new FixedClock(new DateTimeOffset(2025, 5, 2, 10, 0, 0, TimeSpan.Zero));
        await new ReportBundleWriter(time).WriteAsync(Summary, ReportRows.Stream(700), path);
        var extracted = Directory.CreateDirectory(Path.Combine(_dir, "x")).FullName;
        (await CommandLine.RunAsync("tar", ["xzf", path, "-C", extracted])).EnsureSuccess();

        using var reader = new CsvReader(new StreamReader(Path.Combine(extracted, "summary.csv")), ReportCsv.Configuration());
        var row = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Single();
        var expected = Enumerable.Range(0, 700).Select(ReportRows.Row).ToList();
        Assert.Equal("7684fbee-f67a-4c45-b39f-0993da74c1ce", row["migrationId"]);
        Assert.Equal("root-one", row["root"]);
        Assert.Equal(Summary.Source, row["source"]);
        Assert.Equal("7", row["state"]);
        Assert.Equal("CompletedWithErrors", row["stateDescription"]);
        Assert.Equal("2025-05-01T08:00:00Z", row["startTime"]);
        Assert.Equal("2025-05-01T09:30:00Z", row["finishTime"]);
        Assert.Equal("700", row["objectsTotal"]);
        Assert.Equal(expected.Count(r => r.Succeeded).ToString(), row["objectsSucceeded"]);
        Assert.Equal(expected.Count(r => !r.Succeeded).ToString(), row["objectsFailed"]);
        Assert.Equal(expected.Sum(r => r.BytesCopied).ToString(), row["bytesCopied"]);
        Assert.Equal("2025-05-02T10:00:00Z", row["generatedAt"]);
    }

    [Fact]
    public async Task A_failure_midway_leaves_the_previous_bundle_and_no_temporary_files()
    {
        var path = Path.Combine(_dir, "bundle.tar.gz");
        await File.WriteAllTextAsync(path, "previous bundle");

        await Assert.ThrowsAsync<IOException>(() => new ReportBundleWriter().WriteAsync(Summary, FailingRows(), path));

        Assert.Equal("previous bundle", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_dir));

        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ReportBundleWriter().WriteAsync(Summary, ReportRows.Stream(100_000, i => { if (i == 5_000) cts.Cancel(); }), path, ct: cts.Token));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    private static async IAsyncEnumerable<ObjectReport> FailingRows()
    {
        await foreach (var row in ReportRows.Stream(1_000)) yield return row;
        throw new IOException("database connection lost");
    }

    internal static List<ObjectReport> ReadRows(string path, bool withErrors)
    {
        using var reader = new CsvReader(new StreamReader(path), ReportCsv.Configuration());
        reader.Context.RegisterClassMap(new ObjectReportCsvMap(withErrors));
        return reader.GetRecords<ObjectReport>().ToList();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
