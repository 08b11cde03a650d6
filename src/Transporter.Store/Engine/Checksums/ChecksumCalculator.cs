using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Transporter.Store.Engine.Checksums;

/// <summary>Computes one <see cref="ChecksumAlgorithm"/> incrementally over data as it streams past.</summary>
public sealed class ChecksumCalculator : IDisposable
{
    private readonly IncrementalHash? _hash;
    private uint _crc;
    private ulong _crc64;

    public ChecksumCalculator(ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        _hash = algorithm switch
        {
            ChecksumAlgorithm.Sha1 => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            ChecksumAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
    }

    public ChecksumAlgorithm Algorithm { get; }

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (Algorithm)
        {
            case ChecksumAlgorithm.Crc32: _crc = Crc32.Append(_crc, data); break;
            case ChecksumAlgorithm.Crc32C: _crc = Crc32C.Append(_crc, data); break;
            case ChecksumAlgorithm.Crc64Nvme: _crc64 = Crc64Nvme.Append(_crc64, data); break;
            default: _hash!.AppendData(data); break;
        }
    }

    /// <summary>The raw digest (CRCs big-endian, as S3 encodes them).</summary>
    public byte[] Finish()
    {
        if (_hash is not null) return _hash.GetHashAndReset();
        if (Algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            var wide = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(wide, _crc64);
            return wide;
        }
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _crc);
        return bytes;
    }

    /// <summary>Digest of <paramref name="data"/> in one go.</summary>
    public static byte[] Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var calculator = new ChecksumCalculator(algorithm);
        calculator.Append(data);
        return calculator.Finish();
    }

    public void Dispose() => _hash?.Dispose();
}
