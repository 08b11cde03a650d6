using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Core.Migrations;

/// <summary>Reads and writes a <see cref="DeleteLimit"/> as the API writes it: a number, or a string "N%".</summary>
public sealed class DeleteLimitJsonConverter : JsonConverter<DeleteLimit>
{
    public override DeleteLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return DeleteLimit.Parse(document.RootElement, out var error) ?? throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, DeleteLimit value, JsonSerializerOptions options)
    {
        if (value.Count is { } count) writer.WriteNumberValue(count);
        else writer.WriteStringValue(value.ToString());
    }
}
