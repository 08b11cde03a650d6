using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Transporter.Store.Engine.Encryption;

/// <summary>
/// AES-256 in counter mode over one data file: the counter block is nonce (8 bytes) | part number (4) | block index
/// (4, big-endian), so any byte range can be encrypted or decrypted on its own (ranged GETs, parts of a multipart
/// object). Encryption and decryption are the same XOR with the keystream.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    private const int BlocksPerBatch = 256;
    private readonly Aes _aes;
    private readonly byte[] _prefix = new byte[12];

    public AesCtr(byte[] key, ReadOnlySpan<byte> nonce, int part)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        nonce[..8].CopyTo(_prefix);
        BinaryPrimitives.WriteInt32BigEndian(_prefix.AsSpan(8), part);
    }

    /// <summary>XORs <paramref name="data"/>, which sits at <paramref name="offset"/> of the file, with the keystream.</summary>
    public void Apply(Span<byte> data, long offset)
    {
        Span<byte> counters = stackalloc byte[16 * BlocksPerBatch];
        Span<byte> stream = stackalloc byte[16 * BlocksPerBatch];
        var block = offset / 16;
        var skip = (int)(offset % 16);
        var done = 0;
        while (done < data.Length)
        {
            var needed = (skip + data.Length - done + 15) / 16;
            var blocks = Math.Min(needed, BlocksPerBatch);
            for (var i = 0; i < blocks; i++)
            {
                var counter = counters.Slice(i * 16, 16);
                _prefix.CopyTo(counter);
                BinaryPrimitives.WriteUInt32BigEndian(counter[12..], (uint)(block + i));
            }
            _aes.EncryptEcb(counters[..(blocks * 16)], stream, PaddingMode.None);
            var usable = Math.Min(blocks * 16 - skip, data.Length - done);
            var target = data.Slice(done, usable);
            var keystream = stream.Slice(skip, usable);
            for (var i = 0; i < usable; i++) target[i] ^= keystream[i];
            done += usable;
            block += blocks;
            skip = 0;
        }
    }

    public void Dispose() => _aes.Dispose();
}
