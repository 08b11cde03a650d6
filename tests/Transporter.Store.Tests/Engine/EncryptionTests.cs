using System.Security.Cryptography;
using System.Text;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Encryption;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Tests.Engine;

/// <summary>Encryption at rest on real data files: no plaintext on disk, any range decrypts (one file and across the
/// parts of a multipart object), the data survives a restart, and SSE-C needs its own key.</summary>
public class EncryptionTests
{
    [Fact]
    public void Counter_mode_is_its_own_inverse_from_any_offset()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(8);
        var plain = RandomNumberGenerator.GetBytes(10_000);
        var cipher = plain.ToArray();
        using (var ctr = new AesCtr(key, nonce, 3)) ctr.Apply(cipher, 0);
        Assert.NotEqual(plain, cipher);
        foreach (var (offset, length) in new[] { (0, 1), (15, 2), (16, 16), (1000, 4097), (9999, 1) })
        {
            var slice = cipher.AsSpan(offset, length).ToArray();
            using var ctr = new AesCtr(key, nonce, 3);
            ctr.Apply(slice, offset);
            Assert.Equal(plain.AsSpan(offset, length).ToArray(), slice);
        }
        var otherPart = plain.ToArray();
        using (var ctr = new AesCtr(key, nonce, 4)) ctr.Apply(otherPart, 0);
        Assert.NotEqual(cipher, otherPart);
    }

    [Fact]
    public async Task Sse_s3_and_sse_c_objects_are_ciphertext_on_disk_and_read_back_in_any_range()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var text = string.Concat(Enumerable.Repeat("secret-marker-", 5000));
        await store.PutAsync("s3", text, new ObjectWrite { Encrypt = EncryptionRequest.SseS3 });
        var customer = RandomNumberGenerator.GetBytes(32);
        var sseC = await store.PutAsync("c", text, new ObjectWrite { Encrypt = new EncryptionRequest(customer) });
        Assert.NotEqual(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))), sseC.ETag);

        foreach (var file in store.BlobFiles())
            Assert.DoesNotContain("secret-marker", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(store.Directory, file))));
        Assert.Equal(text, await store.ReadTextAsync("s3"));
        Assert.Equal(text.Substring(12345, 777), Encoding.UTF8.GetString(await store.ReadAsync("s3", 12345, 777)));
        Assert.Equal(StoreErrorCode.InvalidRequest, Assert.Throws<StoreException>(() => engine.OpenObject(TempEngine.Owner, TempEngine.Bucket, "c")).Code);
        Assert.Equal(StoreErrorCode.AccessDenied, Assert.Throws<StoreException>(() =>
            engine.OpenObject(TempEngine.Owner, TempEngine.Bucket, "c", customerKey: RandomNumberGenerator.GetBytes(32))).Code);
        using (var stored = engine.OpenObject(TempEngine.Owner, TempEngine.Bucket, "c", customerKey: customer))
        {
            var buffer = new MemoryStream();
            await stored.CopyToAsync(buffer, 100, 5000, default);
            Assert.Equal(text.Substring(100, 5000), Encoding.UTF8.GetString(buffer.ToArray()));
        }

        await store.ReopenAsync();
        Assert.Equal(text, await store.ReadTextAsync("s3"));
    }

    [Fact]
    public async Task Multipart_parts_are_encrypted_each_from_their_part_number_and_read_across_part_boundaries()
    {
        await using var store = await TempEngine.StartAsync();
        var engine = store.Engine;
        var upload = await engine.CreateMultipartUploadAsync(TempEngine.Owner, TempEngine.Bucket, "big", new ObjectWrite { Encrypt = EncryptionRequest.SseS3 },
            "u", null, default, default);
        var parts = new[] { RandomNumberGenerator.GetBytes((int)StorageEngine.MinPartSize), RandomNumberGenerator.GetBytes(3000) };
        var completed = new List<CompletedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await engine.UploadPartAsync(TempEngine.Owner, TempEngine.Bucket, "big", upload.UploadId, i + 1, new MemoryStream(parts[i]),
                parts[i].Length, WriteIntegrity.None, default);
            completed.Add(new CompletedPart(i + 1, part.ETag));
        }
        await engine.CompleteMultipartUploadAsync(TempEngine.Owner, TempEngine.Bucket, "big", upload.UploadId, completed, default);
        var whole = parts[0].Concat(parts[1]).ToArray();
        Assert.Equal(whole, await store.ReadAsync("big"));
        Assert.Equal(whole.AsSpan(parts[0].Length - 100, 300).ToArray(), await store.ReadAsync("big", parts[0].Length - 100, 300));
    }
}
