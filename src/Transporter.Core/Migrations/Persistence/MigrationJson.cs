using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>How JSON columns (endpoints, notifications, crontab, batch items) are written.</summary>
internal static class MigrationJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"a stored {typeof(T).Name} is null");
}
