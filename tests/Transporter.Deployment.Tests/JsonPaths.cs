using System.Text.Json;

namespace Transporter.Deployment.Tests;

/// <summary>Walks parsed YAML by key, failing with the path that is missing rather than a bare KeyNotFound.</summary>
internal static class JsonPaths
{
    public static JsonElement At(this JsonElement element, params string[] path)
    {
        var current = element;
        for (var i = 0; i < path.Length; i++)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[i], out var next))
                throw new Xunit.Sdk.XunitException($"missing '{string.Join('.', path[..(i + 1)])}'");
            current = next;
        }
        return current;
    }

    public static bool Has(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current)) return false;
        }
        return true;
    }

    public static string Text(this JsonElement element, params string[] path) =>
        element.At(path).ToString();

    public static IEnumerable<string> Keys(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Select(p => p.Name) : [];
}
