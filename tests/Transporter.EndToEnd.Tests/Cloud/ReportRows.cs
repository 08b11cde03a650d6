using Dapper;
using Microsoft.Data.Sqlite;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// The report rows of a migration's latest run, read straight from the platform's SQLite database (read-only,
/// beside the running process: WAL lets readers in while it writes). The rows are what report bundles are made of.
/// </summary>
public static class ReportRows
{
    public static async Task<Dictionary<string, ReportRow>> ReadAsync(PlatformProcess platform, string migrationId)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(platform.DataDir, "transporter.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var rows = await connection.QueryAsync<ReportRow>("""
            SELECT object_key AS ObjectKey, succeeded AS Succeeded, bytes_copied AS BytesCopied, source_etag AS SourceETag,
                   destination_etag AS DestinationETag, tags_copied AS TagsCopied, user_metadata_copied AS UserMetadataCopied,
                   system_metadata_copied AS SystemMetadataCopied
            FROM object_reports
            WHERE run_id = (SELECT id FROM migration_runs WHERE migration_id = @id ORDER BY number DESC LIMIT 1)
            """, new { id = migrationId });
        return rows.ToDictionary(r => r.ObjectKey, StringComparer.Ordinal);
    }
}
