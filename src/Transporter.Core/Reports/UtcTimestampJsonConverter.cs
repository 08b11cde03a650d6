using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Core.Reports;

/// <summary>Writes report times as <see cref="UtcTimestamp"/> text ("2021-04-19T12:55:53Z", as in the spec).</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UtcTimestamp.Parse(reader.GetString() ?? throw new JsonException("expected a UTC ISO-8601 time"));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcTimestamp.ToText(value));
}
