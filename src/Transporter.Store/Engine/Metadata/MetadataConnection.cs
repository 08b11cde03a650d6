using Microsoft.Data.Sqlite;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// One open SQLite connection that keeps its commands prepared, so a hot statement is compiled once per connection
/// rather than once per request. Used by one thread at a time (rented from <see cref="MetadataConnectionPool"/>).
/// </summary>
internal sealed class MetadataConnection(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The prepared command for <paramref name="sql"/>, its parameters from the previous use still bound
    /// (set every parameter with <see cref="SqliteCommandBinding.Bind"/>).</summary>
    public SqliteCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = Connection.CreateCommand();
        command.CommandText = sql;
        _commands[sql] = command;
        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        Connection.Dispose();
    }
}
