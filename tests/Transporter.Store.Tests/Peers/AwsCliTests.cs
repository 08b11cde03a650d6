using System.Security.Cryptography;
using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

[Collection(StoreCollection.Name)]
public class AwsCliTests(StoreFixture store)
{
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Bucket_and_object_lifecycle()
    {
        var bucket = StoreFixture.NewBucketName("life");
        var dir = RepoPaths.NewTempDir("aws-life");
        var file = Path.Combine(dir, "hello.txt");
        await File.WriteAllTextAsync(file, "hello store\n");

        (await _aws.RunAsync("s3", "mb", $"s3://{bucket}")).EnsureSuccess();
        Assert.Contains(bucket, (await _aws.RunAsync("s3", "ls")).EnsureSuccess().StdOut);
        (await _aws.RunAsync("s3", "cp", file, $"s3://{bucket}/docs/hello.txt", "--only-show-errors")).EnsureSuccess();
        var listing = (await _aws.RunAsync("s3", "ls", $"s3://{bucket}/", "--recursive")).EnsureSuccess().StdOut;
        Assert.Contains("12 docs/hello.txt", listing);
        var head = await _aws.ApiAsync("head-object", "--bucket", bucket, "--key", "docs/hello.txt");
        Assert.Equal(12, head.GetProperty("ContentLength").GetInt64());
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(await File.ReadAllBytesAsync(file)))}\"", head.GetProperty("ETag").GetString());
        Assert.Equal("hello store\n", (await _aws.RunAsync("s3", "cp", $"s3://{bucket}/docs/hello.txt", "-")).EnsureSuccess().StdOut);

        var notEmpty = await _aws.RunAsync("s3api", "delete-bucket", "--bucket", bucket);
        Assert.Contains("BucketNotEmpty", notEmpty.StdErr);
        var again = await _aws.RunAsync("s3api", "create-bucket", "--bucket", bucket);
        Assert.Contains("BucketAlreadyOwnedByYou", again.StdErr);

        (await _aws.RunAsync("s3", "rm", $"s3://{bucket}/docs/hello.txt")).EnsureSuccess();
        (await _aws.RunAsync("s3", "rb", $"s3://{bucket}")).EnsureSuccess();
        Assert.DoesNotContain(bucket, (await _aws.RunAsync("s3", "ls")).EnsureSuccess().StdOut);
        Assert.Contains("NoSuchBucket", (await _aws.RunAsync("s3", "ls", $"s3://{bucket}")).StdErr);
    }

    [Fact]
    public async Task Copy_of_a_100_MiB_file_goes_up_as_multipart_and_comes_back_identical()
    {
        var bucket = StoreFixture.NewBucketName("big");
        var dir = RepoPaths.NewTempDir("aws-big");
        var source = Path.Combine(dir, "source.bin");
        var back = Path.Combine(dir, "back.bin");
        var data = RandomNumberGenerator.GetBytes(100 * 1024 * 1024);
        await File.WriteAllBytesAsync(source, data);

        (await _aws.RunAsync("s3", "mb", $"s3://{bucket}")).EnsureSuccess();
        (await _aws.RunAsync("s3", "cp", source, $"s3://{bucket}/big.bin", "--only-show-errors")).EnsureSuccess();
        (await _aws.RunAsync("s3", "cp", $"s3://{bucket}/big.bin", back, "--only-show-errors")).EnsureSuccess();

        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(back)));
        var head = await _aws.ApiAsync("head-object", "--bucket", bucket, "--key", "big.bin");
        Assert.Matches("^\"[0-9a-f]{32}-13\"$", head.GetProperty("ETag").GetString()); // 8 MiB parts
        var bucketHead = await _aws.RunAsync("s3api", "head-bucket", "--bucket", bucket, "--debug");
        Assert.Contains("'X-Lyve-Size': '104857600'", bucketHead.StdErr);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Sync_of_a_tree_of_1000_files_up_and_back_down_is_byte_identical()
    {
        var bucket = StoreFixture.NewBucketName("sync");
        var dir = RepoPaths.NewTempDir("aws-sync");
        var up = Path.Combine(dir, "up");
        var down = Path.Combine(dir, "down");
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var path = Path.Combine(up, $"d{i % 7}", $"s{i % 13}", $"file {i}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[random.Next(0, 20_000)];
            random.NextBytes(bytes);
            await File.WriteAllBytesAsync(path, bytes);
        }

        (await _aws.RunAsync("s3", "mb", $"s3://{bucket}")).EnsureSuccess();
        (await _aws.RunAsync("s3", "sync", up, $"s3://{bucket}/tree", "--only-show-errors")).EnsureSuccess();
        (await _aws.RunAsync("s3", "sync", $"s3://{bucket}/tree", down, "--only-show-errors")).EnsureSuccess();

        var upFiles = Directory.GetFiles(up, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(up, f)).Order().ToList();
        var downFiles = Directory.GetFiles(down, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(down, f)).Order().ToList();
        Assert.Equal(1000, upFiles.Count);
        Assert.Equal(upFiles, downFiles);
        foreach (var file in upFiles)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(up, file)), await File.ReadAllBytesAsync(Path.Combine(down, file)));
        // A second sync finds nothing to do.
        Assert.Equal("", (await _aws.RunAsync("s3", "sync", up, $"s3://{bucket}/tree")).EnsureSuccess().StdOut.Trim());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Delimiter_listing_and_range_get()
    {
        var bucket = StoreFixture.NewBucketName("delim");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket);
        var dir = RepoPaths.NewTempDir("aws-delim");
        var file = Path.Combine(dir, "f");
        await File.WriteAllTextAsync(file, "0123456789abcdefghij");
        foreach (var key in new[] { "a/1", "a/2", "b/x/1", "c", "d" })
            await _aws.ApiAsync("put-object", "--bucket", bucket, "--key", key, "--body", file);

        var root = await _aws.ApiAsync("list-objects-v2", "--bucket", bucket, "--delimiter", "/");
        Assert.Equal(["a/", "b/"], root.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()));
        Assert.Equal(["c", "d"], root.GetProperty("Contents").EnumerateArray().Select(p => p.GetProperty("Key").GetString()));
        var v1 = await _aws.ApiAsync("list-objects", "--bucket", bucket, "--delimiter", "/", "--prefix", "b/");
        Assert.Equal(["b/x/"], v1.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()));

        var rangeFile = Path.Combine(dir, "range");
        var ranged = await _aws.ApiAsync("get-object", "--bucket", bucket, "--key", "c", "--range", "bytes=5-9", rangeFile);
        Assert.Equal("56789", await File.ReadAllTextAsync(rangeFile));
        Assert.Equal("bytes 5-9/20", ranged.GetProperty("ContentRange").GetString());
        await _aws.ApiAsync("get-object", "--bucket", bucket, "--key", "c", "--range", "bytes=-4", rangeFile);
        Assert.Equal("ghij", await File.ReadAllTextAsync(rangeFile));
        await _aws.ApiAsync("get-object", "--bucket", bucket, "--key", "c", "--range", "bytes=15-", rangeFile);
        Assert.Equal("fghij", await File.ReadAllTextAsync(rangeFile));
        var beyond = await _aws.RunAsync("s3api", "get-object", "--bucket", bucket, "--key", "c", "--range", "bytes=20-", rangeFile);
        Assert.Contains("InvalidRange", beyond.StdErr);
    }

    [Fact]
    public async Task Presigned_url_is_fetched_with_curl_and_refused_after_expiry()
    {
        var bucket = StoreFixture.NewBucketName("presign");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket);
        var file = Path.Combine(RepoPaths.NewTempDir("aws-presign"), "f");
        await File.WriteAllTextAsync(file, "presigned content");
        await _aws.ApiAsync("put-object", "--bucket", bucket, "--key", "p/file.txt", "--body", file);

        var url = (await _aws.RunAsync("s3", "presign", $"s3://{bucket}/p/file.txt", "--expires-in", "300")).EnsureSuccess().StdOut.Trim();
        var shortUrl = (await _aws.RunAsync("s3", "presign", $"s3://{bucket}/p/file.txt", "--expires-in", "1")).EnsureSuccess().StdOut.Trim();
        var fetched = await CommandLine.RunAsync("curl", ["-s", "-w", "\n%{http_code}", url]);
        Assert.Equal("presigned content\n200", fetched.StdOut.Trim());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var expired = await CommandLine.RunAsync("curl", ["-s", "-w", "\n%{http_code}", shortUrl]);
        Assert.EndsWith("403", expired.StdOut.Trim());
        Assert.Contains("<Code>AccessDenied</Code>", expired.StdOut);
    }
}
