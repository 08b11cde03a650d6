using System.Data;
using System.Data.Common;
using static Transporter.Core.Migrations.Persistence.MigrationSql;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>
/// Writes the report rows of one batch's commit, in its transaction: one INSERT and one UPDATE command, each prepared
/// once and run again per row with that row's values. A batch holds up to a thousand objects, and building, parsing
/// and binding a 30-column statement anew for each of them was most of the database's cost per copied object.
/// </summary>
internal sealed class ObjectReportWriter(DbConnection connection, DbTransaction tx, Guid runId, string migrationId) : IAsyncDisposable
{
    /// <summary>The columns written per object, their parameter's type, and the value they take from an outcome.</summary>
    private static readonly (string Column, DbType Type, Func<CopiedObject, object?> Value)[] Columns =
    [
        ("object_key", DbType.String, o => o.Item.Key),
        ("succeeded", DbType.Boolean, o => o.Report.Succeeded),
        ("listed_size", DbType.Int64, o => o.Item.Size),
        ("listed_etag", DbType.String, o => o.Item.ETag),
        ("listed_modified", DbType.Int64, o => o.Item.LastModified.ToUnixTimeMilliseconds()),
        ("source_bucket", DbType.String, o => o.Report.SourceBucket),
        ("destination_bucket", DbType.String, o => o.Report.DestinationBucket),
        ("start_time", DbType.Int64, o => o.Report.StartTime.ToUnixTimeMilliseconds()),
        ("connection_duration", DbType.Double, o => o.Report.ConnectionDuration),
        ("copy_duration", DbType.Double, o => o.Report.CopyDuration),
        ("finish_time", DbType.Int64, o => o.Report.FinishTime.ToUnixTimeMilliseconds()),
        ("bytes_copied", DbType.Int64, o => o.Report.BytesCopied),
        ("source_etag", DbType.String, o => o.Report.SourceETag),
        ("destination_etag", DbType.String, o => o.Report.DestinationETag),
        ("tags_copied", DbType.Boolean, o => o.Report.TagsCopied),
        ("system_metadata_copied", DbType.Boolean, o => o.Report.SystemMetadataCopied),
        ("user_metadata_copied", DbType.Boolean, o => o.Report.UserMetadataCopied),
        ("sse_enabled", DbType.Boolean, o => o.Report.SseEnabled),
        ("source_reading_err", DbType.String, o => o.Report.SourceReadingErr),
        ("destination_writing_err", DbType.String, o => o.Report.DestinationWritingErr),
        ("lyve_writing_err", DbType.String, o => o.Report.LyveWritingErr),
        ("source_delete_err", DbType.String, o => o.Report.SourceDeleteErr),
        ("verify_result", DbType.String, o => o.Report.VerifyResult),
        ("source_checksum", DbType.String, o => o.Report.SourceChecksum),
        ("destination_checksum", DbType.String, o => o.Report.DestinationChecksum),
        ("checksum_algorithm", DbType.String, o => o.Report.ChecksumAlgorithm),
        ("verified", DbType.Boolean, o => o.Report.Verified),
        ("bytes_reused", DbType.Int64, o => o.Report.BytesReused),
    ];

    private static readonly string Insert =
        $"INSERT INTO object_reports (run_id, migration_id, {string.Join(", ", Columns.Select(c => c.Column))}) "
        + $"VALUES (@run_id, @migration_id, {string.Join(", ", Columns.Select(c => "@" + c.Column))})";

    private static readonly string Update =
        $"UPDATE object_reports SET {string.Join(", ", Columns.Where(c => c.Column != "object_key").Select(c => $"{c.Column} = @{c.Column}"))} "
        + "WHERE run_id = @run_id AND object_key = @object_key";

    private DbCommand? _insert;
    private DbCommand? _update;

    /// <summary>Writes the outcome of one object: a new row when <paramref name="insert"/>, else over the run's row for its key.</summary>
    public async Task WriteAsync(bool insert, CopiedObject outcome, CancellationToken ct)
    {
        var command = insert ? _insert ??= await CreateAsync(Insert, insert, ct).ConfigureAwait(false)
            : _update ??= await CreateAsync(Update, insert, ct).ConfigureAwait(false);
        // Parameter 0 is the run; the object's columns follow in Columns' order (then the INSERT's migration).
        for (var i = 0; i < Columns.Length; i++) command.Parameters[i + 1].Value = Columns[i].Value(outcome) ?? DBNull.Value;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<DbCommand> CreateAsync(string sql, bool insert, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        Add("run_id", DbType.String, Id(runId));
        foreach (var (column, type, _) in Columns) Add(column, type, DBNull.Value);
        if (insert) Add("migration_id", DbType.String, migrationId);
        await command.PrepareAsync(ct).ConfigureAwait(false);
        return command;

        void Add(string name, DbType type, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null) await _insert.DisposeAsync().ConfigureAwait(false);
        if (_update is not null) await _update.DisposeAsync().ConfigureAwait(false);
    }
}
