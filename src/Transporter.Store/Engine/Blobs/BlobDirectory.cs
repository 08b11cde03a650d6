using System.Globalization;
using System.Security.Cryptography;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Where object data lives: <c>blobs/ab/abcdef...</c> files named by random ids (never by keys, so no key can name a
/// path outside the data dir) and <c>tmp/</c> for writes not yet published. Files are immutable once published.
/// </summary>
internal sealed class BlobDirectory
{
    public BlobDirectory(string root)
    {
        BlobsPath = Path.Combine(root, "blobs");
        TempPath = Path.Combine(root, "tmp");
    }

    public string BlobsPath { get; }

    public string TempPath { get; }

    /// <summary>Creates the folders and removes temporary files an earlier process left behind (crashed writes).</summary>
    public int Prepare()
    {
        Directory.CreateDirectory(BlobsPath);
        for (var shard = 0; shard < 256; shard++) Directory.CreateDirectory(Path.Combine(BlobsPath, shard.ToString("x2", CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(TempPath);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(TempPath))
        {
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <summary>32 lower-case hex characters from a CSPRNG.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public string PathOf(string id) => Path.Combine(BlobsPath, id[..2], id);

    public string TempPathOf(string id) => Path.Combine(TempPath, id + ".tmp");

    /// <summary>Moves a finished temporary file to its published place.</summary>
    public void Publish(string tempPath, string id) => File.Move(tempPath, PathOf(id));

    public void Delete(string id)
    {
        try
        {
            File.Delete(PathOf(id));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Published files of one shard (0..255) with their last write time.</summary>
    public IEnumerable<(string Id, DateTime LastWriteUtc)> EnumerateShard(int shard)
    {
        var dir = new DirectoryInfo(Path.Combine(BlobsPath, shard.ToString("x2", CultureInfo.InvariantCulture)));
        if (!dir.Exists) yield break;
        foreach (var file in dir.EnumerateFiles()) yield return (file.Name, file.LastWriteTimeUtc);
    }
}
