using System.Text.Json;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine.Metadata;

/// <summary>
/// The attributes of a multipart upload's future object besides headers and tags (retention, legal hold, ACL, the
/// writing root), kept as a small JSON document in the upload's row until completion.
/// </summary>
internal static class WriteAttributesCodec
{
    public static string? Encode(ObjectWrite write)
    {
        if (write.LockMode is null && !write.LegalHold && write.Acl is null && write.Writer is null && write.Encryption is null) return null;
        var document = new Dictionary<string, object?>
        {
            ["lm"] = write.LockMode,
            ["lu"] = write.RetainUntil?.ToUnixTimeMilliseconds(),
            ["lh"] = write.LegalHold,
            ["acl"] = write.Acl,
            ["w"] = write.Writer,
            ["sse"] = write.Encryption,
        };
        return JsonSerializer.Serialize(document);
    }

    /// <summary><paramref name="write"/> (headers and tags) with the attributes of <paramref name="encoded"/>.</summary>
    public static ObjectWrite Decode(ObjectWrite write, string? encoded)
    {
        if (encoded is null) return write;
        using var doc = JsonDocument.Parse(encoded);
        var root = doc.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return write with
        {
            LockMode = Text("lm"),
            RetainUntil = root.TryGetProperty("lu", out var until) && until.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds(until.GetInt64()) : null,
            LegalHold = root.TryGetProperty("lh", out var hold) && hold.ValueKind == JsonValueKind.True,
            Acl = Text("acl"),
            Writer = Text("w"),
            Encryption = Text("sse"),
        };
    }
}
