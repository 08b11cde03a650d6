using System.Security.Cryptography;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// Deterministic contents written to files of one temp directory and hashed as they are written, so that even the
/// largest objects are streamed from disk by the clients that upload them and never held in memory.
/// </summary>
public sealed class ContentFiles : IDisposable
{
    private const int ChunkSize = 1024 * 1024;
    private readonly string _directory = RepoPaths.NewTempDir("cloud-content");

    /// <summary>Writes <paramref name="size"/> pseudo-random bytes of <paramref name="seed"/>.</summary>
    public ContentFile Write(long size, int seed)
    {
        var path = Path.Combine(_directory, $"{seed}-{size}-{Guid.NewGuid():N}.bin");
        var random = new Random(seed);
        var chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(size, 1))];
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using (var file = File.Create(path))
        {
            for (var left = size; left > 0; left -= chunk.Length)
            {
                var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, left));
                random.NextBytes(part);
                sha256.AppendData(part);
                md5.AppendData(part);
                file.Write(part);
            }
        }
        return new ContentFile(path, size, Convert.ToHexString(sha256.GetHashAndReset()), Convert.ToBase64String(md5.GetHashAndReset()));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
