using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Xunit;

namespace Transporter.Testing.Persistence;

/// <summary>Writes a run's objects through the engine's own write path: a listed batch (lister "lister-1") claimed and
/// committed by a worker, at the context clock's current time.</summary>
public static class RunSeeding
{
    /// <summary>Lists <paramref name="items"/> as batch <paramref name="seq"/> and commits the <paramref name="outcome"/> of each
    /// (one per item; null items stay uncopied).</summary>
    public static async Task CommitAsync(RepositoryTestContext ctx, MigrationRun run, long seq, IReadOnlyList<ObjectSummary> items,
        Func<ObjectSummary, CopiedObject> outcome)
    {
        var batch = await ListAsync(ctx, run, seq, items);
        await CopyAsync(ctx, batch, items.Select(outcome).ToList());
    }

    public static async Task<CopyBatch> ListAsync(RepositoryTestContext ctx, MigrationRun run, long seq, IReadOnlyList<ObjectSummary> items) =>
        await ctx.Batches.AddBatchAsync(run.Id, "lister-1", seq, items) ?? throw new InvalidOperationException($"batch {seq} was refused");

    public static async Task CopyAsync(RepositoryTestContext ctx, CopyBatch batch, IReadOnlyList<CopiedObject> outcomes)
    {
        Assert.NotNull(await ctx.Batches.TryClaimBatchAsync(batch.Id, "worker-1", ctx.Clock.GetUtcNow().AddSeconds(30)));
        Assert.NotNull(await ctx.Batches.CommitBatchAsync(batch, "worker-1", outcomes, []));
    }

    /// <summary>Items named <paramref name="prefix"/>000, 001, ... with sizes 1000 + i.</summary>
    public static IReadOnlyList<ObjectSummary> Items(string prefix, int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new ObjectSummary($"{prefix}{i:D3}", 1000 + i, DateTimeOffset.UnixEpoch.AddDays(i), $"etag{i}")).ToList();
}
