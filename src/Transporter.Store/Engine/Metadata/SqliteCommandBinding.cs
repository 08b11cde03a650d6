using Microsoft.Data.Sqlite;

namespace Transporter.Store.Engine.Metadata;

/// <summary>Parameter binding and null-aware reads for the engine's reused commands.</summary>
internal static class SqliteCommandBinding
{
    /// <summary>Sets (or first adds) a named parameter, reusing the parameter object across executions.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0) parameters[index].Value = value ?? DBNull.Value;
        else parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
