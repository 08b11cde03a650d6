using Transporter.Core.Migrations;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The speed history of a run, summed from its report rows by finish time (same SQL on SQLite and PostgreSQL).</summary>
public abstract class RunThroughputTests : IAsyncLifetime
{
    private RepositoryTestContext _ctx = null!;

    protected abstract Task<RepositoryTestContext> CreateContextAsync();

    public async Task InitializeAsync() => _ctx = await CreateContextAsync();

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Bytes_of_succeeded_objects_are_summed_per_slice_of_their_finish_time()
    {
        var repo = _ctx.Repository;
        var (_, run) = await _ctx.StartedRunAsync();
        var items = RepositoryTestContext.Items("a", "b", "c", "d");
        var batch = (await repo.AddBatchAsync(run.Id, "lister-1", 0, items))!;
        await repo.TryClaimBatchAsync(batch.Id, "worker-1", _ctx.Clock.GetUtcNow().AddSeconds(30));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        CopiedObject FinishedAt(int i, double seconds, bool ok = true)
        {
            var copied = ok ? RepositoryTestContext.Succeeded(items[i]) : RepositoryTestContext.Failed(items[i]);
            return copied with { Report = copied.Report with { FinishTime = start.AddSeconds(seconds) } };
        }
        await repo.CommitBatchAsync(batch, "worker-1", [FinishedAt(0, 0.5), FinishedAt(1, 1.5), FinishedAt(2, 1.9), FinishedAt(3, 1.2, ok: false)], []);

        var slices = await repo.GetThroughputAsync(run.Id, start, TimeSpan.FromSeconds(1));

        Assert.Equal([(start, 100L), (start.AddSeconds(1), 101L + 102L)], slices);
        Assert.Empty(await repo.GetThroughputAsync(run.Id, start.AddSeconds(2), TimeSpan.FromSeconds(1)));
    }
}
