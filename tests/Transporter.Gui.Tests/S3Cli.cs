using System.Text.Json;
using Transporter.Testing;

namespace Transporter.Gui.Tests;

/// <summary>Debian's AWS CLI against the platform's built-in store with a root key: arranges and reads test buckets.</summary>
public sealed class S3Cli(string endpoint, string accessKey, string secretKey)
{
    private const string Executable = "/usr/bin/aws";

    public async Task<CommandResult> RunAsync(params string[] args)
    {
        var config = Path.Combine(RepoPaths.NewTempDir("gui-awscfg"), "config");
        await File.WriteAllTextAsync(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secretKey,
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = config + ".none",
            ["AWS_PAGER"] = "",
        };
        return await CommandLine.RunAsync(Executable, ["--endpoint-url", endpoint, .. args], env, timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>A new, empty bucket named after <paramref name="hint"/>.</summary>
    public async Task<string> MakeBucketAsync(string hint)
    {
        var name = $"{hint}-{Guid.NewGuid().ToString("N")[..8]}";
        (await RunAsync("s3", "mb", $"s3://{name}")).EnsureSuccess();
        return name;
    }

    /// <summary>A new bucket holding <paramref name="count"/> objects of <paramref name="size"/> random bytes, uploaded
    /// with `aws s3 cp --recursive`; returns the bucket and the keys.</summary>
    public async Task<(string Bucket, IReadOnlyList<string> Keys)> MakeBucketWithObjectsAsync(string hint, int count, int size)
    {
        var bucket = await MakeBucketAsync(hint);
        return (bucket, await AddObjectsAsync(bucket, "photos/", count, size));
    }

    /// <summary>Uploads <paramref name="count"/> objects of <paramref name="size"/> random bytes under <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> AddObjectsAsync(string bucket, string prefix, int count, int size)
    {
        var dir = RepoPaths.NewTempDir("gui-objects");
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = $"{prefix}{i:D3}.bin";
            var path = Path.Combine(dir, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[size];
            new Random(i).NextBytes(bytes);
            await File.WriteAllBytesAsync(path, bytes);
            keys.Add(key);
        }
        (await RunAsync("s3", "cp", dir, $"s3://{bucket}/", "--recursive", "--only-show-errors")).EnsureSuccess();
        Directory.Delete(dir, recursive: true);
        return keys;
    }

    /// <summary>The keys and sizes in a bucket, read with `aws s3api list-objects-v2`.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ListAsync(string bucket)
    {
        var result = (await RunAsync("s3api", "list-objects-v2", "--bucket", bucket, "--output", "json")).EnsureSuccess();
        if (string.IsNullOrWhiteSpace(result.StdOut)) return new Dictionary<string, long>();
        using var json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.TryGetProperty("Contents", out var contents)
            ? contents.EnumerateArray().ToDictionary(o => o.GetProperty("Key").GetString()!, o => o.GetProperty("Size").GetInt64())
            : new Dictionary<string, long>();
    }
}
