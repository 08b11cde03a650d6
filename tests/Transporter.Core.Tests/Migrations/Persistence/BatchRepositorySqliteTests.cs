using Dapper;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The tests on the embedded default: a SQLite file.</summary>
public sealed class BatchRepositorySqliteTests : BatchRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());

    [Fact]
    public async Task A_commit_looks_its_keys_up_in_the_primary_key_instead_of_scanning_the_run()
    {
        // Left to itself SQLite's planner took the covering outcome index on run_id alone and read every row of the run
        // for each batch: at 300,000 rows 39 ms per batch of 100 objects, and quadratic over a run of millions.
        var (_, run) = await Ctx.StartedRunAsync();
        await using var connection = await Ctx.Database.OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long Unused, string Detail)>(
            "EXPLAIN QUERY PLAN " + BatchRepository.PreviousOutcomesSql(SqlDialect.Sqlite),
            new { id = run.Id.ToString("D"), keys = new[] { "a", "b", "c" } })).Select(r => r.Detail).ToList();

        Assert.Equal(["SEARCH object_reports USING INDEX sqlite_autoindex_object_reports_1 (run_id=? AND object_key=?)"], plan);
    }
}
