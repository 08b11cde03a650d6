using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Deployment.Tests;

/// <summary>
/// YAML read by Debian's python3-yaml (the package source has no .NET YAML library) and handed back as JSON, so the
/// tests assert on <see cref="JsonElement"/>s. Merge keys (&lt;&lt;: *anchor) are resolved by the parser.
/// </summary>
internal static class Yaml
{
    private const string ToJson =
        "import sys, json, yaml\njson.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout, default=str)";

    /// <summary>Every document of a YAML stream (null ones included, as JSON null).</summary>
    public static async Task<JsonElement[]> ParseAllAsync(string yaml)
    {
        var result = await CommandLine.RunAsync("/usr/bin/python3", ["-c", ToJson], stdin: yaml, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new FormatException("not valid YAML: " + result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.EnumerateArray().Select(d => d.Clone()).ToArray();
    }

    public static async Task<JsonElement> ParseAsync(string yaml)
    {
        var docs = await ParseAllAsync(yaml);
        Assert.True(docs.Length == 1, $"expected one YAML document, found {docs.Length}");
        return docs[0];
    }

    public static async Task<JsonElement> ParseFileAsync(string path) => await ParseAsync(await File.ReadAllTextAsync(path));
}
