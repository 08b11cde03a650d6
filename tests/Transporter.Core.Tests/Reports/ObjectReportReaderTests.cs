using Transporter.Core.Reports;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>The report rows the workers committed, read back as the API's error pages and as the bundle's stream.</summary>
public abstract class ObjectReportReaderTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;
    private ObjectReportReader _reader = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync()
    {
        _ctx = await CreateContextAsync();
        _reader = _ctx.ReportReader();
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    /// <summary>25 objects k000..k024 of one run; every third (k000, k003, ..., k024) failed: 9 failures.</summary>
    private async Task<Core.Migrations.MigrationRun> SeedAsync()
    {
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RunSeeding.Items("k", 25);
        await RunSeeding.CommitAsync(_ctx, run, 0, items, item => int.Parse(item.Key[1..]) % 3 == 0
            ? RepositoryTestContext.Failed(item, $"AccessDenied for {item.Key}")
            : RepositoryTestContext.Succeeded(item));
        return run;
    }

    [Fact]
    public async Task Failed_objects_come_in_key_order_pages_that_say_when_they_end()
    {
        var run = await SeedAsync();

        var first = await _reader.GetFailedAsync(run.Id, null, 0, 4);
        var second = await _reader.GetFailedAsync(run.Id, null, 4, 4);
        var last = await _reader.GetFailedAsync(run.Id, null, 8, 4);
        var exact = await _reader.GetFailedAsync(run.Id, null, 0, 9);
        var beyond = await _reader.GetFailedAsync(run.Id, null, 50, 4);

        Assert.Equal(["k000", "k003", "k006", "k009"], first.Reports.Select(r => r.ObjectKey));
        Assert.False(first.End);
        Assert.Equal(["k012", "k015", "k018", "k021"], second.Reports.Select(r => r.ObjectKey));
        Assert.False(second.End);
        Assert.Equal(["k024"], last.Reports.Select(r => r.ObjectKey));
        Assert.True(last.End);
        Assert.Equal(9, exact.Reports.Count);
        Assert.True(exact.End);
        Assert.Empty(beyond.Reports);
        Assert.True(beyond.End);
        Assert.All(first.Reports, r => Assert.Equal($"AccessDenied for {r.ObjectKey}", r.DestinationWritingErr));
    }

    [Fact]
    public async Task The_key_filter_returns_that_failed_object_only()
    {
        var run = await SeedAsync();

        var failed = await _reader.GetFailedAsync(run.Id, "k012", 0, 300);
        var succeeded = await _reader.GetFailedAsync(run.Id, "k013", 0, 300);
        var unknown = await _reader.GetFailedAsync(run.Id, "k0", 0, 300);

        Assert.Equal("k012", Assert.Single(failed.Reports).ObjectKey);
        Assert.True(failed.End);
        Assert.Empty(succeeded.Reports);
        Assert.Empty(unknown.Reports);
    }

    [Fact]
    public async Task The_stream_holds_every_row_of_the_run_in_key_order_with_every_field()
    {
        var run = await SeedAsync();
        var (_, other) = await _ctx.StartedRunAsync();
        await RunSeeding.CommitAsync(_ctx, other, 0, RunSeeding.Items("other", 3), RepositoryTestContext.Succeeded);

        var rows = new List<ObjectReport>();
        await foreach (var row in _reader.StreamAsync(run.Id)) rows.Add(row);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"k{i:D3}"), rows.Select(r => r.ObjectKey));
        Assert.Equal(9, rows.Count(r => !r.Succeeded));
        var copied = rows.Single(r => r.ObjectKey == "k001");
        Assert.Equal(("src", "dst", 1001L, "etag1", "etag1"), (copied.SourceBucket, copied.DestinationBucket, copied.BytesCopied, copied.SourceETag,
            copied.DestinationETag));
        Assert.Equal((DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1)), (copied.StartTime, copied.FinishTime));
        Assert.Equal("AccessDenied for k003", rows.Single(r => r.ObjectKey == "k003").DestinationWritingErr);
    }

    [Fact]
    public async Task Stopping_the_stream_early_releases_its_connection()
    {
        var run = await SeedAsync();

        for (var i = 0; i < 200; i++)
            await foreach (var _ in _reader.StreamAsync(run.Id)) break;

        // 200 abandoned readers would exhaust PostgreSQL's pool (100) or keep SQLite's WAL pinned if connections leaked.
        Assert.Equal(25, await CountAsync(run.Id));
    }

    private async Task<int> CountAsync(Guid runId)
    {
        var count = 0;
        await foreach (var _ in _reader.StreamAsync(runId)) count++;
        return count;
    }
}
