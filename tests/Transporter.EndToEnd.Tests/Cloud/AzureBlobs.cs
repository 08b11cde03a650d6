using System.Text.Json;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// Azure blobs arranged and read with the official Azure SDK for JavaScript (@azure/storage-blob, run by
/// azure-blobs.cjs with node), independently of the platform's own Azure connector.
/// </summary>
public sealed class AzureBlobs(string serviceUrl, string account, string key)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "Transporter.EndToEnd.Tests", "Cloud", "azure-blobs.cjs");

    public Task CreateContainersAsync(params string[] names) => RunAsync(["create-containers", .. names]);

    public async Task<IReadOnlyList<string>> ListContainersAsync() =>
        [.. Lines(await RunAsync(["list-containers"])).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("name").GetString()!)];

    /// <summary>Uploads the blobs, 16 at a time, each streamed from its file.</summary>
    public Task PutAsync(IEnumerable<BlobSpec> blobs) =>
        RunAsync(["put"], string.Join('\n', blobs.Select(b => JsonSerializer.Serialize(b, Json))) + "\n");

    /// <summary>Every blob of the container (under <paramref name="prefix"/>) by name; with <paramref name="hash"/>
    /// each one is downloaded and hashed as it streams.</summary>
    public async Task<Dictionary<string, BlobDescription>> DescribeAsync(string container, string? prefix = null, bool hash = false)
    {
        List<string> args = ["describe", container, prefix ?? ""];
        if (hash) args.Add("--hash");
        return Lines(await RunAsync(args))
            .Select(line => JsonSerializer.Deserialize<BlobDescription>(line, Json)!)
            .ToDictionary(b => b.Name, StringComparer.Ordinal);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> args, string? stdin = null)
    {
        var result = await CommandLine.RunAsync("node", [Script, .. args], new Dictionary<string, string>
        {
            ["NODE_PATH"] = Path.Combine(RepoPaths.Root, ".tools", "node_modules"),
            ["AZURE_BLOB_URL"] = serviceUrl,
            ["AZURE_ACCOUNT"] = account,
            ["AZURE_KEY"] = key,
        }, stdin: stdin, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"azure-blobs.cjs {args[0]} failed: {result.StdErr}");
        return result.StdOut;
    }

    private static IEnumerable<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
