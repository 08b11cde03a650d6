using System.Text.Json;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// Stores an object's headers other than Content-Type (which has its own column) as a small JSON document, written
/// and read without reflection. Null when there is nothing besides the content type, the common case.
/// </summary>
internal static class HeadersCodec
{
    public static string? Encode(ObjectHeaders headers)
    {
        if (headers.OnlyContentType) return null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteIfSet(json, "cc", headers.CacheControl);
            WriteIfSet(json, "cd", headers.ContentDisposition);
            WriteIfSet(json, "ce", headers.ContentEncoding);
            WriteIfSet(json, "cl", headers.ContentLanguage);
            WriteIfSet(json, "ex", headers.Expires);
            if (headers.UserMetadata.Count > 0)
            {
                json.WriteStartArray("m");
                foreach (var (name, value) in headers.UserMetadata)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(name);
                    json.WriteStringValue(value);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ObjectHeaders Decode(string? contentType, string? encoded)
    {
        if (encoded is null) return contentType is null ? ObjectHeaders.Empty : new ObjectHeaders { ContentType = contentType };
        using var doc = JsonDocument.Parse(encoded);
        var root = doc.RootElement;
        var metadata = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("m", out var m))
            foreach (var pair in m.EnumerateArray())
                metadata.Add(new(pair[0].GetString()!, pair[1].GetString()!));
        return new ObjectHeaders
        {
            ContentType = contentType,
            CacheControl = Read(root, "cc"),
            ContentDisposition = Read(root, "cd"),
            ContentEncoding = Read(root, "ce"),
            ContentLanguage = Read(root, "cl"),
            Expires = Read(root, "ex"),
            UserMetadata = metadata,
        };
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    private static string? Read(JsonElement root, string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
}
