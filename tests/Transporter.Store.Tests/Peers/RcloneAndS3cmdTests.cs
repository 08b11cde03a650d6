using Transporter.Testing;

namespace Transporter.Store.Tests.Peers;

[Collection(StoreCollection.Name)]
public class RcloneAndS3cmdTests(StoreFixture store)
{
    private readonly Rclone _rclone = new(store);
    private readonly S3cmd _s3cmd = new(store);

    private static string MakeTree(string root, int files, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < files; i++)
        {
            var path = Path.Combine(root, $"dir{i % 5}", $"item {i}.dat");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[random.Next(0, 50_000)];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
        }
        return root;
    }

    [Fact]
    public async Task Rclone_copy_sync_and_check_agree_with_the_local_tree()
    {
        var bucket = StoreFixture.NewBucketName("rclone");
        var dir = RepoPaths.NewTempDir("rclone");
        var tree = MakeTree(Path.Combine(dir, "tree"), 200, 1);
        var large = Path.Combine(tree, "large.bin");
        await File.WriteAllBytesAsync(large, System.Security.Cryptography.RandomNumberGenerator.GetBytes(12 * 1024 * 1024));

        (await _rclone.RunAsync("mkdir", $"store:{bucket}")).EnsureSuccess();
        (await _rclone.RunAsync("copy", tree, $"store:{bucket}/tree", "--transfers", "16", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M")).EnsureSuccess();
        var check = (await _rclone.RunAsync("check", tree, $"store:{bucket}/tree", "--download")).EnsureSuccess();
        Assert.Contains("0 differences found", check.StdErr);
        Assert.Contains("201 matching files", check.StdErr);

        // sync removes what the source no longer has and uploads changes.
        File.Delete(Path.Combine(tree, "dir0", "item 0.dat"));
        await File.WriteAllTextAsync(Path.Combine(tree, "dir1", "item 1.dat"), "changed");
        (await _rclone.RunAsync("sync", tree, $"store:{bucket}/tree")).EnsureSuccess();
        var recheck = (await _rclone.RunAsync("check", tree, $"store:{bucket}/tree", "--download")).EnsureSuccess();
        Assert.Contains("200 matching files", recheck.StdErr);
        var back = Path.Combine(dir, "back");
        (await _rclone.RunAsync("copy", $"store:{bucket}/tree", back)).EnsureSuccess();
        Assert.Equal("changed", await File.ReadAllTextAsync(Path.Combine(back, "dir1", "item 1.dat")));
        var dirs = (await _rclone.RunAsync("lsf", $"store:{bucket}/tree")).EnsureSuccess().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dir0/", "dir1/", "dir2/", "dir3/", "dir4/", "large.bin"], dirs);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task S3cmd_put_get_ls_and_delete(bool signatureV2)
    {
        var bucket = StoreFixture.NewBucketName(signatureV2 ? "s3cmd2" : "s3cmd4");
        var dir = RepoPaths.NewTempDir("s3cmd");
        var file = Path.Combine(dir, "note.txt");
        await File.WriteAllTextAsync(file, "written by s3cmd");
        var big = Path.Combine(dir, "big.bin");
        var bigBytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(11 * 1024 * 1024);
        await File.WriteAllBytesAsync(big, bigBytes);

        (await _s3cmd.RunAsync(signatureV2, "mb", $"s3://{bucket}")).EnsureSuccess();
        (await _s3cmd.RunAsync(signatureV2, "put", file, $"s3://{bucket}/notes/note.txt")).EnsureSuccess();
        (await _s3cmd.RunAsync(signatureV2, "put", big, $"s3://{bucket}/big.bin", "--multipart-chunk-size-mb=5")).EnsureSuccess();
        var ls = (await _s3cmd.RunAsync(signatureV2, "ls", $"s3://{bucket}/")).EnsureSuccess().StdOut;
        Assert.Contains($"DIR  s3://{bucket}/notes/", ls);
        Assert.Contains($"s3://{bucket}/big.bin", ls);
        Assert.Contains($"s3://{bucket}/notes/note.txt", (await _s3cmd.RunAsync(signatureV2, "ls", "-r", $"s3://{bucket}")).EnsureSuccess().StdOut);
        var got = Path.Combine(dir, "got.txt");
        (await _s3cmd.RunAsync(signatureV2, "get", $"s3://{bucket}/notes/note.txt", got)).EnsureSuccess();
        Assert.Equal("written by s3cmd", await File.ReadAllTextAsync(got));
        var gotBig = Path.Combine(dir, "got.bin");
        (await _s3cmd.RunAsync(signatureV2, "get", $"s3://{bucket}/big.bin", gotBig)).EnsureSuccess();
        Assert.Equal(bigBytes, await File.ReadAllBytesAsync(gotBig));
        (await _s3cmd.RunAsync(signatureV2, "del", "-r", "--force", $"s3://{bucket}/")).EnsureSuccess();
        (await _s3cmd.RunAsync(signatureV2, "rb", $"s3://{bucket}")).EnsureSuccess();
        Directory.Delete(dir, true);
    }
}
