using System.Text.Json;
using Dapper;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// The one verdict of every crash and outage test: the run completed, every object of the dataset is at the
/// destination with the content its key implies, and every count (state, report rows, statistics points) says each
/// object exactly once.
/// </summary>
public static class ExactCopy
{
    public static async Task AssertAsync(DistributedPlatform platform, ScaleOutServers servers, string migrationId, JsonElement finished,
        Dataset dataset, string destinationBucket)
    {
        var context = $"migration {migrationId}, final state {finished}";
        Assert.True(finished.GetProperty("state").GetInt32() == 2, $"not Completed: {context}\n{platform.Logs()}");
        Assert.Equal((dataset.Count, dataset.Count, 0L, dataset.TotalBytes), (
            finished.GetProperty("filesFound").GetInt64(), finished.GetProperty("filesCompleted").GetInt64(),
            finished.GetProperty("filesFailed").GetInt64(), finished.GetProperty("bytesTransmitted").GetInt64()));

        await using (var db = await platform.OpenDatabaseAsync())
        {
            var reports = await db.QuerySingleAsync<(long Rows, long Succeeded, long Bytes)>(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE succeeded), COALESCE(SUM(bytes_copied), 0)::BIGINT FROM object_reports WHERE migration_id = @id",
                new { id = migrationId });
            Assert.Equal((dataset.Count, dataset.Count, dataset.TotalBytes), (reports.Rows, reports.Succeeded, reports.Bytes));

            var stats = await db.QuerySingleAsync<(long Found, long Transferred, long Failed, long Bytes)>("""
                SELECT COALESCE(SUM(files_found), 0)::BIGINT, COALESCE(SUM(files_transferred), 0)::BIGINT,
                       COALESCE(SUM(files_failed), 0)::BIGINT, COALESCE(SUM(bytes_transferred), 0)::BIGINT
                FROM migration_stats WHERE migration_id = @id
                """, new { id = migrationId });
            Assert.Equal((dataset.Count, dataset.Count, 0L, dataset.TotalBytes), (stats.Found, stats.Transferred, stats.Failed, stats.Bytes));

            Assert.Equal(0L, await db.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM copy_batches b JOIN migration_runs r ON r.id = b.run_id WHERE r.migration_id = @id", new { id = migrationId }));
        }

        var copied = await Dataset.ListETagsAsync(servers.DestinationS3, destinationBucket);
        var expected = dataset.ExpectedETags();
        Assert.Equal(expected.Count, copied.Count);
        var wrong = expected.Where(e => !copied.TryGetValue(e.Key, out var etag) || etag != e.Value).Select(e => e.Key).Take(10).ToList();
        Assert.True(wrong.Count == 0, $"objects missing or with other content: {string.Join(", ", wrong)}");
    }
}
